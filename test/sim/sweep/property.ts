/**
 * The sweep's property, for one scenario object: it loads as a file would (schema, then the
 * loader's own checks); the run raises nothing (what `dpc-sim run` would turn into exit 70 or
 * 2); conservation, per-source order and no self-concurrency hold (what it would turn into
 * exit 1); the report formats; and a second run gives byte-identical output (the summary JSON,
 * the text trace with every pin change, ISR and DPC slice, and the UART lines).
 *
 * `viaCli` also runs it through the real command line (`dpc-sim run --json --trace --vcd`):
 * exit 0 and a summary that parses.
 *
 * Returns "" when all of that holds, else what broke.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ROOT } from "../../fixtures/sim"
import { TextTrace } from "../../../sim/output/text-trace"
import { formatReport } from "../../../sim/output/report"
import { runScenario } from "../../../sim/run"
import { checkScenario } from "../../../sim/scenario/load"

/** One run's output, as bytes to compare; throws when the run does. */
function output(obj: object): { text: string; broken: string } {
    const sc = checkScenario(obj, "sweep.json")
    const trace = new TextTrace(true)
    const r = runScenario(sc, { recorder: trace })
    formatReport(r, 1)
    const e = r.summary.events
    let broken = r.invariants
    if (broken === "" && e.raised !== e.processed + e.dropped + e.pending) broken = `summary: raised ${e.raised} != processed ${e.processed} + dropped ${e.dropped} + pending ${e.pending}`
    return { text: JSON.stringify(r.summary) + "\n" + trace.lines.join("\n"), broken }
}

/** `dpc-sim run` on the scenario as a file, with every output: "" when it exits 0 with a summary. */
function cli(obj: object): string {
    const dir = mkdtempSync(join(tmpdir(), "dpc-sweep-"))
    try {
        const file = join(dir, "sweep.json")
        writeFileSync(file, JSON.stringify(obj))
        const args = [join(ROOT, "bin", "dpc-sim.js"), "run", file, "--json", "--trace", join(dir, "t.json"), "--vcd", join(dir, "w.vcd")]
        const r = spawnSync(process.execPath, args, { encoding: "utf8" })
        if (r.status !== 0) return `dpc-sim run exited ${r.status}: ${r.stderr.trim()}`
        JSON.parse(r.stdout)
        return ""
    } finally {
        rmSync(dir, { recursive: true, force: true })
    }
}

export function sweepProperty(obj: object, viaCli = false): string {
    let first: { text: string; broken: string }
    try {
        first = output(obj)
    } catch (e: any) {
        return `run threw: ${e?.message ?? e}`
    }
    if (first.broken !== "") return `invariant broken: ${first.broken}`
    const second = output(obj)
    if (second.text !== first.text) {
        const a = first.text.split("\n")
        const b = second.text.split("\n")
        let i = 0
        while (i < a.length && a[i] === b[i]) i++
        return `two runs differ at line ${i + 1}: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])}`
    }
    return viaCli ? cli(obj) : ""
}
