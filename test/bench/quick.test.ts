/**
 * `npm run bench -- --quick` runs and its output parses: every figure line has a value, a
 * baseline and a ratio, and the JSON holds the same figures and figure 3's rows. Speed is not
 * checked here (that is what the benchmark itself is for).
 */
import assert from "node:assert/strict"
import { SpawnSyncReturns, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { BOARDS, LOADS } from "../../bench/method-gain"
import { POLICIES } from "../../src/kernel"
import { ROOT } from "../fixtures/sim"

const FIGURE = /^(F\d(?:\.\d+)?) (.+): ([\d.]+[kMG]?) (\S+) \| baseline (.+): ([\d.]+[kMG]?) \S+ \| ratio ([\d.]+x(?: \(lower is better\))?|n\/a)(?: \| .*)?$/

describe("npm run bench -- --quick", function () {
    this.timeout(120_000)
    const dir = mkdtempSync(join(tmpdir(), "dpc-bench-"))
    const json = join(dir, "bench.json")
    let r: SpawnSyncReturns<string>
    before(() => {
        r = spawnSync(process.execPath, ["--expose-gc", join(ROOT, "dist", "bench", "main.js"), "--quick", "--json", json], { encoding: "utf8", cwd: ROOT })
    })

    it("exits 0 and prints every figure as one parsable line", () => {
        assert.equal(r.status, 0, r.stderr)
        const lines = r.stdout.split("\n").filter(l => /^F\d/.test(l))
        for (const l of lines) assert.match(l, FIGURE)
        const ids = new Set(lines.map(l => (FIGURE.exec(l) as RegExpExecArray)[1]))
        for (const id of ["F1.1", "F1.2", "F1.3", "F2.1", "F2.2", "F2.3", "F2.4", "F3", "F4.1", "F4.2", "F4.3", "F4.4"]) assert.ok(ids.has(id), `figure ${id} missing`)
        assert.match(r.stdout, /^done: \d+ figures in [\d.]+ s$/m)
    })

    it("writes the same figures and every figure 3 row as JSON", () => {
        const data = JSON.parse(readFileSync(json, "utf8"))
        assert.equal(data.quick, true)
        assert.equal(data.figures.length, r.stdout.split("\n").filter(l => /^F\d/.test(l)).length)
        for (const f of data.figures) assert.ok(Number.isFinite(f.value) && Number.isFinite(f.baselineValue), f.id)
        assert.equal(data.gain.length, BOARDS.length * LOADS.length * POLICIES.length)
        assert.deepEqual(Object.keys(data.gain[0]), ["board", "load", "policy", "eventsPerSec", "offeredPerSec", "p50us", "p99us", "dropped"])
    })
})
