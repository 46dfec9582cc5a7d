/**
 * `dpc-sim run SCENARIO.json`: runs a scenario and prints the report (or the SPEC 3.3 summary
 * with --json); writes a Chrome/Perfetto trace and a VCD waveform on request; with --uart,
 * first prints the diagnostics lines the board's UART sent (what dpc-console would read).
 * Exit 1 when an invariant broke.
 */
import { ChromeTrace } from "../output/chrome-trace"
import { formatReport } from "../output/report"
import { VcdWriter } from "../output/vcd"
import { InputError } from "../input-error"
import { Recorder, Recorders } from "../model/recorder"
import { runScenario } from "../run"
import { loadScenario } from "../scenario/load"
import { OptionSpec } from "./args"
import { Progress } from "./progress"

export const RUN_OPTIONS: { [name: string]: OptionSpec } = {
    board: { kind: "string", value: "ID", help: "board id (dpc-sim boards) or board file, instead of the scenario's" },
    policy: { kind: "string", value: "P", help: "single-thread, threads, cores, interrupting-core, round-robin, least-loaded" },
    seed: { kind: "integer", value: "N", help: "seed of the stimulus randomness, instead of the scenario's" },
    "duration-ms": { kind: "number", value: "N", help: "simulated time in ms, instead of the scenario's" },
    json: { kind: "boolean", help: "print the summary JSON (SPEC 3.3) instead of the report" },
    trace: { kind: "string", value: "FILE.json", help: "write a Chrome/Perfetto trace (open in ui.perfetto.dev)" },
    vcd: { kind: "string", value: "FILE.vcd", help: "write a VCD waveform (GTKWave, PulseView, Surfer)" },
    uart: { kind: "boolean", help: "print the diagnostics lines the UART sent, with their simulated times" },
}

function openOutput<T>(flag: string, path: string, make: () => T): T {
    try {
        return make()
    } catch (e: any) {
        throw new InputError(`--${flag}`, "", `cannot write ${path}: ${e?.code === "ENOENT" ? "no such directory" : e?.code ?? e?.message ?? e}`)
    }
}

export function runCommand(positional: string[], o: { [name: string]: any }): number {
    if (positional.length !== 1)
        throw new InputError("dpc-sim run", "", positional.length === 0 ? "needs a scenario file (dpc-sim run SCENARIO.json)" : `takes one scenario file, got ${positional.length}`)
    const sc = loadScenario(positional[0], { board: o.board, policy: o.policy, seed: o.seed, durationMs: o["duration-ms"] })
    const recorders: Recorder[] = []
    const chrome = o.trace ? openOutput("trace", o.trace, () => new ChromeTrace(o.trace, sc.board.uart.baud)) : null
    const vcd = o.vcd ? openOutput("vcd", o.vcd, () => new VcdWriter(o.vcd)) : null
    if (chrome) recorders.push(chrome)
    if (vcd) recorders.push(vcd)
    const progress = new Progress(!o.json && process.stderr.isTTY === true)
    const uartLines: string[] = []
    const started = Date.now()
    const result = runScenario(sc, {
        recorder: recorders.length === 0 ? null : recorders.length === 1 ? recorders[0] : new Recorders(recorders),
        onUart: o.uart ? (line, ns) => uartLines.push(`${(ns / 1e6).toFixed(3).padStart(10)} ms  ${line}`) : undefined,
        onProgress: (ns, total) => progress.update(ns, total),
        onBoard: board => {
            const threads = board.kernel.threads.map(t => ({ index: t.index, core: t.core, thread: t.thread }))
            if (chrome) chrome.describe(sc.board.id, sc.board.cores, threads)
            if (vcd) {
                const pins = new Set<number>()
                for (const p of board.bank.pins) if (p.detect !== 0 || p.isOutput) pins.add(p.num)
                for (const s of sc.stimulus) pins.add(s.gpio)
                if (sc.board.ledPin >= 0) pins.add(sc.board.ledPin)
                for (const pin of Object.values(sc.board.wiring)) pins.add(pin)
                vcd.start({
                    board: sc.board.id,
                    pins: [...pins].sort((a, b) => a - b).map(pin => ({ pin, level: board.bank.level(pin) })),
                    cores: sc.board.cores,
                    threads,
                    dpcs: board.kernel.dpcs.map(d => d.name),
                })
            }
        },
    })
    const wall = (Date.now() - started) / 1000
    progress.done()
    if (chrome) chrome.close()
    if (vcd) vcd.close(sc.durationNs)
    if (o.json) process.stdout.write(JSON.stringify(result.summary, null, 2) + "\n")
    else {
        if (o.uart) process.stdout.write(uartLines.join("\n") + (uartLines.length > 0 ? "\n\n" : ""))
        process.stdout.write(formatReport(result, wall))
        if (chrome) process.stdout.write(`trace: ${o.trace} (${chrome.events} events${chrome.truncated ? ", truncated" : ""})\n`)
        if (vcd) process.stdout.write(`waveform: ${o.vcd}\n`)
    }
    if (result.invariants !== "") {
        process.stderr.write(`dpc-sim: ${sc.file}: invariant broken: ${result.invariants}\n`)
        return 1
    }
    return 0
}
