/**
 * `npm run host-check`: how well the simulator's devicescript host predicts the firmware on a
 * board. It runs a firmware scenario (default scenarios/pico-emu.json, the stimulus of the
 * RP2040 emulator's measurement) under the devicescript host and compares:
 *
 *   - its CPU share of the VM's core with what an emulated board measured (`--emu FILE.json`:
 *     the --json output of an RP2040 emulator run of the same firmware; the window is the
 *     emulator's, shifted to the program's start);
 *   - its opcodes per second with the opcode meter's replay of the firmware (firmwareLoad, exact
 *     VM opcodes) over `--from-ms`..`--to-ms`.
 *
 * A development instrument (BENCHMARKS.md shows its numbers); no test depends on it.
 */
import { readFileSync } from "node:fs"
import { DsBoard } from "../../sim/host/devicescript/board"
import { SLICE_KINDS } from "../../sim/host/devicescript/vm"
import { CommandSpec, commandHelp, parseCommand } from "../../sim/cli/args"
import { EXIT, runTool } from "../../sim/cli/tool"
import { InputError } from "../../sim/input-error"
import { ScenarioRun } from "../../sim/run"
import { loadScenario } from "../../sim/scenario/load"
import { firmwareLoad } from "../opmeter/firmware-load"

export const HOST_CHECK_COMMAND: CommandSpec = {
    name: "host-check",
    usage: "[SCENARIO.json] [--emu FILE.json] [--from-ms N] [--to-ms N] [--no-meter]",
    summary: "compare the devicescript host's CPU share and opcodes per second with an emulated board and the opcode meter",
    positionals: { min: 0, max: 1, what: "a firmware scenario (default scenarios/pico-emu.json)" },
    options: {
        emu: { kind: "string", value: "FILE.json", help: "an emulator run's --json output (program_start_s, busy_pct, busy_window_s)" },
        "from-ms": { kind: "integer", value: "N", help: "start of the opcode meter's window, ms from the program's start (default 1000)" },
        "to-ms": { kind: "integer", value: "N", help: "end of the opcode meter's window (default 3000)" },
        "no-meter": { kind: "boolean", help: "skip the opcode meter (its VM runs take minutes)" },
    },
    examples: ["npm run host-check -- --emu emu.json", "npm run host-check -- scenarios/default.json --no-meter"],
    notes: "The emulator's JSON comes from a run of the firmware on the real DeviceScript RP2040 runtime in rp2040js\n(BENCHMARKS.md says how). Exit 0; 2 bad input.",
}

interface Snapshot {
    ns: number
    busyNs: number
    opcodes: number
}

function snapshot(b: DsBoard): Snapshot {
    let busyNs = 0
    let opcodes = 0
    for (const k of SLICE_KINDS) {
        busyNs += b.vm.busyNs[k]
        opcodes += b.vm.opcodes[k]
    }
    return { ns: b.clock.nowNs(), busyNs, opcodes }
}

/** The VM's CPU share and opcodes per second between two snapshots. */
function between(a: Snapshot, z: Snapshot) {
    const s = (z.ns - a.ns) / 1e9
    return { pct: ((z.busyNs - a.busyNs) / (z.ns - a.ns)) * 100, opsPerS: (z.opcodes - a.opcodes) / s }
}

const pct = (x: number) => `${x.toFixed(1)} %`
const kops = (x: number) => `${(x / 1000).toFixed(1)} K opcodes/s`
const ratio = (pred: number, meas: number, tol: number) => {
    const r = pred / meas
    return `predicted/measured ${r.toFixed(3)} (${((r - 1) * 100).toFixed(1)} %; within +-${tol} %: ${Math.abs(r - 1) * 100 <= tol ? "yes" : "NO"})`
}

async function main(argv: string[]): Promise<number> {
    const a = parseCommand(argv, HOST_CHECK_COMMAND)
    if (a.help) {
        process.stdout.write(commandHelp(HOST_CHECK_COMMAND))
        return EXIT.ok
    }
    const file = a.positional[0] ?? "scenarios/pico-emu.json"
    const sc = loadScenario(file, { host: "devicescript" })
    if (sc.app !== "firmware") throw new InputError(file, "app", "host-check compares the firmware: the scenario must say \"app\": \"firmware\"")
    const fromMs = (a.options["from-ms"] as number | undefined) ?? 1000
    const toMs = (a.options["to-ms"] as number | undefined) ?? 3000
    if (!(fromMs >= 0 && toMs > fromMs && toMs * 1e6 <= sc.durationNs)) throw new InputError("--to-ms", "", `the meter's window must be within the scenario's ${sc.durationNs / 1e6} ms, from ${fromMs} to ${toMs}`)

    let emu: { program_start_s: number; busy_pct: number; busy_window_s: [number, number] } | null = null
    if (a.options.emu !== undefined) {
        const path = a.options.emu as string
        try {
            emu = JSON.parse(readFileSync(path, "utf8"))
        } catch (e: any) {
            throw new InputError(path, "", `cannot read the emulator's JSON: ${e?.message ?? e}`)
        }
        if (typeof emu?.program_start_s !== "number" || typeof emu?.busy_pct !== "number" || !Array.isArray(emu?.busy_window_s))
            throw new InputError(path, "", "not an emulator run's JSON (needs program_start_s, busy_pct, busy_window_s)")
    }
    // The CPU window: the emulator's, in the program's time; else from 0.5 s to the end.
    const cpuFromNs = emu ? Math.round((emu.busy_window_s[0] - emu.program_start_s) * 1e9) : 500e6
    const cpuToNs = emu ? Math.min(sc.durationNs, Math.round((emu.busy_window_s[1] - emu.program_start_s) * 1e9)) : sc.durationNs

    const run = new ScenarioRun(sc)
    const b = run.board as DsBoard
    const marks = [...new Set([cpuFromNs, cpuToNs, fromMs * 1e6, toMs * 1e6])].sort((x, y) => x - y)
    const at = new Map<number, Snapshot>()
    for (const ns of marks) {
        run.runTo(ns)
        at.set(ns, snapshot(b))
    }
    const cpu = between(at.get(cpuFromNs) as Snapshot, at.get(cpuToNs) as Snapshot)
    const ops = between(at.get(fromMs * 1e6) as Snapshot, at.get(toMs * 1e6) as Snapshot)
    const out: string[] = []
    out.push(`${file}: the firmware on ${sc.board.id} under the devicescript host (the simulator's prediction)`)
    out.push(`  CPU of the VM's core ${b.vmCore}: ${pct(cpu.pct)} over ${(cpuFromNs / 1e9).toFixed(3)}-${(cpuToNs / 1e9).toFixed(3)} s of the program`)
    out.push(`  opcodes: ${kops(ops.opsPerS)} over ${fromMs / 1000}-${toMs / 1000} s`)
    if (emu) {
        out.push(`emulated board (${a.options.emu}): cpu busy ${pct(emu.busy_pct)} over ${emu.busy_window_s[0]}-${emu.busy_window_s[1]} s emulated, the program started at ${emu.program_start_s.toFixed(3)} s`)
        out.push(`  CPU: ${ratio(cpu.pct, emu.busy_pct, 25)}`)
    }
    process.stdout.write(out.join("\n") + "\n")
    if (!a.options["no-meter"]) {
        const load = await firmwareLoad(sc, { fromMs, toMs, onProgress: (d, n) => process.stderr.write(`\ropcode meter: ${d}/${n} VM runs`) })
        process.stderr.write("\n")
        const measured = load.opcodes / load.seconds
        process.stdout.write(`opcode meter (the firmware's slices replayed in the VM, exact): ${kops(measured)} over ${fromMs / 1000}-${toMs / 1000} s\n`)
        process.stdout.write(`  opcodes per second: ${ratio(ops.opsPerS, measured, 10)}\n`)
    }
    return EXIT.ok
}

runTool("host-check", main)
