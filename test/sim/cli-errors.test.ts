/**
 * Bad input to dpc-sim: every mistake exits 2 with one line on stderr naming the file (or
 * option) and the JSON path, and nothing else: no stack trace, no output.
 */
import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ROOT, SMALL_SCENARIO } from "../fixtures/sim"

const CLI = join(ROOT, "bin", "dpc-sim.js")
const dir = mkdtempSync(join(tmpdir(), "dpc-sim-bad-"))

function sim(args: string[]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: dir })
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const good = SMALL_SCENARIO

/**
 * Writes `bad.json` (the text given, or `good` changed by `edit`), runs `dpc-sim run bad.json`
 * and returns the one line it printed.
 */
function badRun(edit: ((s: any) => unknown) | string): string {
    let text = edit as string
    if (typeof edit === "function") {
        const s = JSON.parse(JSON.stringify(good))
        edit(s)
        text = JSON.stringify(s, null, 2)
    }
    writeFileSync(join(dir, "bad.json"), text)
    const r = sim(["run", "bad.json"])
    assert.equal(r.status, 2, `exit ${r.status}: ${r.stderr}`)
    assert.equal(r.stdout, "")
    const lines = r.stderr.trimEnd().split("\n")
    assert.equal(lines.length, 1, r.stderr)
    assert.doesNotMatch(r.stderr, /\n\s+at /)
    return lines[0]
}

describe("dpc-sim: bad input exits 2 with one line naming file and path", () => {
    it("the good scenario runs (so each case below fails for its own reason)", () => {
        writeFileSync(join(dir, "good.json"), JSON.stringify(good))
        assert.equal(sim(["run", "good.json", "--json"]).status, 0)
    })

    it("unknown key, with a guess", () => {
        assert.equal(
            badRun(s => (s.dpcs[0].importace = "high")),
            "dpc-sim: bad.json: dpcs[0].importace: unknown key (did you mean 'importance'?); known keys: name, cycles, cycles_per_event, opcodes, opcodes_per_event, importance, target, budget_events, watchdog_us, ring, fail_every"
        )
    })

    it("wrong type", () => {
        assert.equal(badRun(s => (s.duration_us = "100")), 'dpc-sim: bad.json: duration_us: must be a number, got a string "100"')
        assert.equal(badRun(s => (s.sources[0].gpio = 14.5)), "dpc-sim: bad.json: sources[0].gpio: must be a whole number, got a number 14.5")
    })

    it("a value outside its set", () => {
        assert.equal(badRun(s => (s.dpcs[1].importance = "urgent")), 'dpc-sim: bad.json: dpcs[1].importance: must be one of high, medium, low, got "urgent"')
        assert.equal(badRun(s => (s.stimulus[0].kind = "sine")), 'dpc-sim: bad.json: stimulus[0].kind: must be one of poisson, periodic, burst, bounce, edges, got "sine"')
    })

    it("unknown board", () => {
        assert.equal(
            badRun(s => (s.board = "pico2")),
            "dpc-sim: bad.json: board: unknown board 'pico2' (known: esp32, esp32c3, esp32s3, rp2040; or give a path to a board file)"
        )
    })

    it("pin beyond the board", () => {
        assert.equal(badRun(s => (s.sources[0].gpio = 30)), "dpc-sim: bad.json: sources[0].gpio: GPIO 30 does not exist on rp2040 (GPIOs: 0-29)")
        assert.equal(badRun(s => (s.stimulus[0].gpio = 99)), "dpc-sim: bad.json: stimulus[0].gpio: GPIO 99 does not exist on rp2040 (GPIOs: 0-29)")
    })

    it("alarm index beyond the board", () => {
        assert.equal(badRun(s => (s.sources[1].alarm = 4)), "dpc-sim: bad.json: sources[1].alarm: alarm 4 does not exist on rp2040 (alarms 0-3)")
    })

    it("a DPC name that does not exist", () => {
        assert.equal(badRun(s => (s.sources[0].dpc = "debounc")), "dpc-sim: bad.json: sources[0].dpc: no DPC named 'debounc' (did you mean 'debounce'?); DPCs: debounce, sample")
    })

    it("negative times", () => {
        assert.equal(badRun(s => (s.stimulus[0].at_us = [10, -5])), "dpc-sim: bad.json: stimulus[0].at_us[1]: must be >= 0, got -5")
        assert.equal(badRun(s => (s.sources[1].period_us = -1000)), "dpc-sim: bad.json: sources[1].period_us: must be >= 0.001, got -1000")
        assert.equal(badRun(s => (s.stimulus[0].at_us = [20, 10])), "dpc-sim: bad.json: stimulus[0].at_us[1]: times must increase: 10 after 20")
    })

    it("pulse trains: an interval too short, a pulse as long as its interval", () => {
        const train = (st: object) => (s: any) => (s.stimulus = [{ gpio: 14, ...st }])
        assert.equal(
            badRun(train({ kind: "periodic", period_us: 10, width_us: 10 })),
            "dpc-sim: bad.json: stimulus[0].width_us: must be shorter than the period (10 us), got 10"
        )
        assert.equal(badRun(train({ kind: "periodic", period_us: 0.001 })), "dpc-sim: bad.json: stimulus[0].period_us: must be at least 0.002 us, got 0.001")
        assert.equal(
            badRun(train({ kind: "burst", at_us: 1, count: 3, spacing_us: 5, width_us: 6 })),
            "dpc-sim: bad.json: stimulus[0].width_us: must be shorter than the spacing (5 us), got 6"
        )
        assert.equal(badRun(train({ kind: "burst", at_us: 1, count: 3, spacing_us: 0.001 })), "dpc-sim: bad.json: stimulus[0].spacing_us: must be at least 0.002 us, got 0.001")
    })

    it("malformed JSON, with line and column", () => {
        const line = badRun('{\n  "version": 1,\n  "board": "rp2040"\n  "policy": "cores"\n}\n')
        assert.match(line, /^dpc-sim: bad\.json: line 4, column 3: malformed JSON: /)
        assert.equal(badRun(""), "dpc-sim: bad.json: malformed JSON: the file is empty")
    })

    it("a target core beyond the board, and a core beyond the single-core board", () => {
        assert.equal(badRun(s => (s.dpcs[0].target = { core: 2 })), "dpc-sim: bad.json: dpcs[0].target.core: core 2 is beyond rp2040's 2 cores (0-1)")
        assert.equal(
            badRun(s => {
                s.board = "esp32c3"
                s.sources[0].gpio = 4
                s.stimulus[0].gpio = 4
                s.sources[1].core = 1
            }),
            "dpc-sim: bad.json: sources[1].core: core 1 is beyond esp32c3's 1 core (0-0)"
        )
    })

    it("missing file, bad options, unknown command", () => {
        writeFileSync(join(dir, "pin26.json"), JSON.stringify({ ...good, sources: [{ ...good.sources[0], gpio: 26 }, good.sources[1]], stimulus: [] }))
        const cases: [string[], string][] = [
            [["run", "nope.json"], "dpc-sim: nope.json: no such file"],
            [["run"], "dpc-sim: dpc-sim run: needs a scenario file (dpc-sim run SCENARIO.json [options]; see dpc-sim run --help)"],
            [["run", "good.json", "--policy", "fast"], "dpc-sim: --policy: must be one of single-thread, threads, cores, interrupting-core, round-robin, least-loaded, got 'fast'"],
            [["run", "good.json", "--seed", "-1"], "dpc-sim: --seed: must be a whole number from 0 to 4294967295, got -1"],
            [["run", "good.json", "--duration-ms", "abc"], "dpc-sim: --duration-ms: must be a number, got 'abc'"],
            [["run", "pin26.json", "--board", "esp32c3"], "dpc-sim: pin26.json: sources[0].gpio: GPIO 26 does not exist on esp32c3 (GPIOs: 0-21)"],
            [["run", "good.json", "--tracefile", "x"], "dpc-sim: --tracefile: unknown option for dpc-sim run (options: --board, --policy, --seed, --duration-ms, --host, --json, --trace, --vcd, --uart, --help)"],
            [["run", "good.json", "--trace", "no/such/dir/t.json"], "dpc-sim: --trace: cannot write no/such/dir/t.json: no such directory"],
            [["simulate", "good.json"], "dpc-sim: simulate: unknown command (commands: run, validate, boards; see dpc-sim --help)"],
        ]
        for (const [args, want] of cases) {
            const r = sim(args)
            assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`)
            assert.equal(r.stderr, want + "\n", args.join(" "))
        }
    })
})
