import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseLine, recordToObject } from "../../src/kernel"
import { ROOT } from "../fixtures/sim"

const CLI = join(ROOT, "bin", "dpc-sim.js")
function sim(args: string[]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: ROOT })
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe("dpc-sim: commands and outputs", () => {
    it("--help documents the commands, run --help every run option; no command exits 2 with one line", () => {
        const r = sim(["--help"])
        assert.equal(r.status, 0)
        for (const word of ["dpc-sim run SCENARIO.json", "dpc-sim validate FILE...", "dpc-sim boards"]) assert.ok(r.stdout.includes(word), word)
        const run = sim(["run", "--help"])
        assert.equal(run.status, 0)
        for (const word of ["--board", "--policy", "--seed", "--duration-ms", "--json", "--trace", "--vcd", "--uart", "-h, --help"]) assert.ok(run.stdout.includes(`  ${word} `), word)
        assert.deepEqual(sim([]), { status: 2, stdout: "", stderr: "dpc-sim: needs a command (run, validate, boards; see dpc-sim --help)\n" })
    })

    it("boards lists the four boards with cores and clock", () => {
        const lines = sim(["boards"]).stdout.trim().split("\n")
        assert.equal(lines.length, 5)
        assert.match(lines[1], /^esp32 +ESP32-DevKitC \(ESP32\) +2 +160 MHz/)
        assert.match(lines[2], /^esp32c3 +ESP32-C3 \(single core\) +1 +160 MHz/)
        assert.match(lines[4], /^rp2040 +Raspberry Pi Pico \(RP2040\) +2 +125 MHz +0-29 +IO_IRQ_BANK0 \(per-core\)/)
    })

    it("validate accepts every example scenario", () => {
        const files = readdirSync(join(ROOT, "scenarios")).filter(f => f.endsWith(".json")).map(f => join("scenarios", f))
        const r = sim(["validate", ...files])
        assert.equal(r.status, 0, r.stderr)
        assert.equal(r.stdout.trim().split("\n").length, files.length)
        assert.match(r.stdout, /scenarios\/policy-cores\.json: ok \(board rp2040, policy cores, 3 sources, 3 DPCs, 3 stimulus items, 100 ms\)/)
    })

    it("--json prints exactly the summary of SPEC 3.3, with the host modelled", () => {
        const s = JSON.parse(sim(["run", "scenarios/policy-cores.json", "--json"]).stdout)
        assert.deepEqual(Object.keys(s), ["board", "host", "policy", "seed", "simulated_us", "events", "cores", "dpcs", "lines"])
        assert.deepEqual(Object.keys(s.events), ["raised", "processed", "dropped", "pending"])
        assert.deepEqual(Object.keys(s.cores[0]), ["id", "isr_us", "dpc_us", "idle_us", "utilization", "threads"])
        assert.deepEqual(Object.keys(s.cores[0].threads[0]), ["id", "dpc_runs", "events"])
        assert.deepEqual(Object.keys(s.dpcs[0]), ["name", "runs", "events", "coalesced", "max_batch", "dropped", "errors", "watchdog", "cores_used", "latency_us", "run_us"])
        assert.deepEqual(Object.keys(s.dpcs[0].latency_us), ["p50", "p99", "max"])
        assert.deepEqual(Object.keys(s.lines[0]), ["name", "core", "count", "dropped", "missed"])
        assert.deepEqual([s.board, s.host, s.policy, s.seed, s.simulated_us], ["rp2040", "native", "cores", 1, 100000])
        for (const c of s.cores) assert.equal(Math.round((c.isr_us + c.dpc_us + c.idle_us) * 1000), 100000 * 1000)
    })

    it("--uart shows the diagnostics lines, which parse with the shared parser and agree with the summary", () => {
        const r = sim(["run", "scenarios/throw.json", "--uart"])
        assert.equal(r.status, 0)
        const records = r.stdout
            .split("\n")
            .filter(l => l.includes("$DPC,"))
            .map(l => parseLine(l.slice(l.indexOf("$"))))
        assert.ok(records.every(p => p.status === "ok"))
        const objs = records.map(p => recordToObject(p.record!))
        assert.deepEqual(objs[0], { kind: "boot", board: "rp2040", cores: 2, policy: "cores", threads: 2, version: "0.2.0" })
        assert.equal(objs.filter(o => o.kind === "err" && o.fault === "error" && o.dpc === "parse").length, 6)
        const summary = JSON.parse(sim(["run", "scenarios/throw.json", "--json"]).stdout)
        const events = objs.filter(o => o.kind === "events").pop()!
        assert.deepEqual([events.raised, events.processed, events.dropped, events.pending], [summary.events.raised, summary.events.processed, summary.events.dropped, summary.events.pending])
    })

    it("--trace writes Chrome/Perfetto JSON with a track per core and per DPC thread; --vcd a waveform", () => {
        const dir = mkdtempSync(join(tmpdir(), "dpc-sim-out-"))
        const r = sim(["run", "scenarios/policy-cores.json", "--trace", join(dir, "t.json"), "--vcd", join(dir, "w.vcd")])
        assert.equal(r.status, 0, r.stderr)
        const trace = JSON.parse(readFileSync(join(dir, "t.json"), "utf8"))
        const names = trace.traceEvents.filter((e: any) => e.ph === "M").map((e: any) => `${e.pid}/${e.tid} ${e.args.name}`)
        assert.deepEqual(names, ["1/0 rp2040 cores", "1/0 core 0", "1/1 core 1", "2/0 DPC threads", "2/0 core 0 thread 0", "2/1 core 1 thread 0", "3/0 UART", "4/0 GPIO"])
        const slices = trace.traceEvents.filter((e: any) => e.ph === "X")
        const summary = JSON.parse(sim(["run", "scenarios/policy-cores.json", "--json"]).stdout)
        const runs = summary.dpcs.reduce((n: number, d: any) => n + d.runs, 0)
        assert.equal(slices.filter((e: any) => e.cat === "dpc" && e.pid === 2).length, runs)
        assert.equal(trace.otherData.truncated, false)
        const vcd = readFileSync(join(dir, "w.vcd"), "utf8")
        assert.match(vcd, /\$timescale 1ns \$end/)
        for (const v of ["gpio14", "gpio15", "isr", "dpc", "dpc_id", "thread0_run"]) assert.match(vcd, new RegExp(`\\$var \\w+ \\d+ \\S+ ${v} \\$end`))
        const times = [...vcd.matchAll(/^#(\d+)$/gm)].map(m => Number(m[1]))
        assert.deepEqual([times[0], Math.max(...times)], [0, 100_000_000])
        assert.ok(times.every((t, i) => i === 0 || t > times[i - 1]), "VCD times increase")
    })
})
