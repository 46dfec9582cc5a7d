/**
 * The hostile-input suite (issue 13): scenario files, command lines and console captures that a
 * new user or an adversary might give. Every case must exit with its documented code (0, 1, 2;
 * 130 for one that sends Ctrl-C), within TIME_LIMIT_MS and HEAP_LIMIT_MB, with no stack trace
 * (bad input is one line), and change no file it was not asked to write.
 */
import assert from "node:assert/strict"
import { CLI_CASES } from "./cli-cases"
import { CONSOLE_CASES } from "./console-cases"
import { CaseResult, HEAP_LIMIT_MB, HostileCase, runAll, TIME_LIMIT_MS } from "./run-case"
import { SCENARIO_CASES } from "./scenario-cases"

const CASES: HostileCase[] = [...SCENARIO_CASES, ...CLI_CASES, ...CONSOLE_CASES]

describe(`hostile input (${CASES.length} cases, each within ${TIME_LIMIT_MS / 1000} s and ${HEAP_LIMIT_MB} MB)`, function () {
    this.timeout(10 * 60 * 1000)
    let results: CaseResult[] = []
    let wallMs = 0

    before(async () => {
        const started = Date.now()
        results = await runAll(CASES, 4)
        wallMs = Date.now() - started
    })

    it("has at least 100 cases, with unique names", () => {
        assert.ok(CASES.length >= 100, `${CASES.length} cases`)
        assert.equal(new Set(CASES.map(c => c.name)).size, CASES.length)
    })

    CASES.forEach((c, i) =>
        it(`${c.tool}: ${c.name}`, () => {
            const r = results[i]
            const shown = `${c.tool} ${c.args.join(" ").slice(0, 200)}\nexit ${r.code} (${r.signal ?? "no signal"}) in ${r.ms} ms\nstderr: ${r.stderr.slice(0, 2000)}`
            assert.equal(r.timedOut, false, `took more than ${TIME_LIMIT_MS} ms: ${shown}`)
            assert.doesNotMatch(r.stderr, /\n\s+at |FATAL ERROR|internal error|node:internal|heap out of memory/, `a crash: ${shown}`)
            assert.equal(r.code, c.exit, shown)
            if (c.stderr instanceof RegExp) assert.match(r.stderr, c.stderr, shown)
            else if (c.stderr !== undefined) assert.equal(r.stderr, c.stderr, shown)
            else if (c.exit === 2) assert.match(r.stderr, new RegExp(`^${c.tool}: [^\\n]+\\n$`), `one line: ${shown}`)
            if (c.stdout) assert.match(r.stdout, c.stdout, `stdout: ${r.stdout.slice(0, 3000)}`)
            if (c.exit === 2) assert.equal(r.stdout.length === 0 || c.stdout !== undefined, true, `bad input prints nothing on stdout: ${r.stdout.slice(0, 500)}`)
            assert.deepEqual(r.changed, [], "changed only what it was asked to write")
            assert.equal(r.problem, null)
        })
    )

    after(() => {
        if (results.length > 0) console.log(`      hostile input: ${CASES.length} cases in ${(wallMs / 1000).toFixed(1)} s (4 at a time), slowest ${Math.max(...results.map(r => r.ms))} ms`)
    })
})
