/**
 * `dpc-sim run SCENARIO.json`: runs a scenario and prints the report (or the summary JSON with
 * --json); writes a Chrome/Perfetto trace and a VCD waveform on request; with --uart, first
 * prints the diagnostics lines the board's UART sent (what dpc-console would read). The report
 * of an `app: firmware` run ends with the same stimulus under both hosts, side by side.
 *
 * The run goes a slice at a time, so Ctrl-C (SIGINT) or SIGTERM stops it at the time reached:
 * the outputs are completed there, the report says so, exit 130. Outputs are checked before
 * the run (never an input, never each other) and put in place only when complete.
 * Exit 1 when an invariant broke.
 */
import { ChromeTrace } from "../output/chrome-trace"
import { checkOutputs } from "../output/output-file"
import { formatReport } from "../output/report"
import { VcdWriter } from "../output/vcd"
import { Recorder, Recorders } from "../model/recorder"
import { SimResult, runScenarioSliced } from "../run"
import { formatSideBySide } from "../output/compare"
import { loadScenario, Overrides } from "../scenario/load"
import { CommandSpec, OptionSpec } from "./args"
import { Progress } from "./progress"
import { EXIT, onInterrupt } from "./tool"

/**
 * The options that change what is simulated, shared by `dpc-sim run` and `dpc-console --sim`;
 * `override` is the loader's name for each (sim/scenario/load.ts checks the values).
 */
export const SIM_OPTIONS: { [name: string]: OptionSpec & { override: keyof Overrides } } = {
    board: { kind: "string", value: "ID", help: "board id (dpc-sim boards) or board file, instead of the scenario's", override: "board" },
    policy: { kind: "string", value: "P", help: "single-thread, threads, cores, interrupting-core, round-robin, least-loaded", override: "policy" },
    seed: { kind: "integer", value: "N", help: "seed of the stimulus randomness, instead of the scenario's", override: "seed" },
    "duration-ms": { kind: "number", value: "N", help: "simulated time in ms, instead of the scenario's", override: "durationMs" },
    host: { kind: "string", value: "H", help: "native (true ISRs, cycles) or devicescript (the VM, opcodes), instead of the scenario's", override: "host" },
}

/** The loader's overrides from parsed SIM_OPTIONS. */
export function simOverrides(options: { [name: string]: unknown }): Overrides {
    const out: { [key: string]: unknown } = {}
    for (const [name, o] of Object.entries(SIM_OPTIONS)) if (options[name] !== undefined) out[o.override] = options[name]
    return out as Overrides
}

export const RUN_COMMAND: CommandSpec = {
    name: "dpc-sim run",
    usage: "SCENARIO.json [options]",
    summary: "simulate a scenario; print the report (or the --json summary)",
    positionals: { min: 1, max: 1, what: "a scenario file" },
    options: {
        ...SIM_OPTIONS,
        json: { kind: "boolean", help: "print the summary JSON (docs/cli.md) instead of the report" },
        trace: { kind: "string", value: "FILE.json", help: "write a Chrome/Perfetto trace (open in ui.perfetto.dev)" },
        vcd: { kind: "string", value: "FILE.vcd", help: "write a VCD waveform (GTKWave, PulseView, Surfer); stops at 100 MiB" },
        uart: { kind: "boolean", help: "print the diagnostics lines the UART sent, with their simulated times" },
    },
    examples: [
        "dpc-sim run scenarios/policy-cores.json",
        "dpc-sim run scenarios/saturation.json --policy single-thread --duration-ms 50",
        "dpc-sim run scenarios/burst-coalescing.json --json",
        "dpc-sim run scenarios/bounce.json --trace bounce.json --vcd bounce.vcd",
        "dpc-sim run scenarios/default.json --board esp32 --uart",
        "dpc-sim run scenarios/default.json --host native",
    ],
    notes: "Ctrl-C stops a run at the time reached (outputs completed there, exit 130). Exit codes: 0 ok,\n1 an invariant broke, 2 bad input (docs/cli.md).",
}

/**
 * The firmware's run under the other host too, and the two side by side (native first); null
 * when stopped. Sliced like the first run: a closed output or Ctrl-C ends it early.
 */
async function sideBySide(file: string, o: { [name: string]: any }, result: SimResult, shouldStop: () => boolean): Promise<string | null> {
    const other = loadScenario(file, { ...simOverrides(o), host: result.scenario.host === "native" ? "devicescript" : "native" }, false)
    const second = await runScenarioSliced(other, { shouldStop })
    if (second.stoppedAtNs !== undefined) return null
    return result.scenario.host === "native" ? formatSideBySide(result, second) : formatSideBySide(second, result)
}

export async function runCommand(positional: string[], o: { [name: string]: any }): Promise<number> {
    const sc = loadScenario(positional[0], simOverrides(o))
    const outputs = [o.trace ? { flag: "--trace", path: o.trace as string } : null, o.vcd ? { flag: "--vcd", path: o.vcd as string } : null].filter(x => x !== null)
    checkOutputs(outputs, [
        { what: "scenario file", path: sc.file },
        { what: "board file", path: sc.board.path },
    ])
    const chrome = o.trace ? new ChromeTrace("--trace", o.trace, sc.board.uart.baud) : null
    let vcd: VcdWriter | null = null
    let stopSignals = () => {}
    try {
        vcd = o.vcd ? new VcdWriter("--vcd", o.vcd) : null
        const recorders: Recorder[] = []
        if (chrome) recorders.push(chrome)
        if (vcd) recorders.push(vcd)
        const progress = new Progress(!o.json && process.stderr.isTTY === true)
        const uartLines: string[] = []
        let stop = false
        stopSignals = onInterrupt(() => (stop = true))
        const started = Date.now()
        const result = await runScenarioSliced(sc, {
            shouldStop: () => stop,
            recorder: recorders.length === 0 ? null : recorders.length === 1 ? recorders[0] : new Recorders(recorders),
            onUart: o.uart ? (line, ns) => uartLines.push(`${(ns / 1e6).toFixed(3).padStart(10)} ms  ${line}`) : undefined,
            onProgress: (ns, total) => progress.update(ns, total),
            onBoard: board => {
                // Where each thread's code runs: its core (native), the VM's core (devicescript: one track a fiber).
                const threads = []
                for (let c = 0; c < sc.board.cores; c++)
                    for (const t of board.threadsOn(c)) threads.push({ index: t.index, core: c, thread: board.host === "native" ? t.thread : t.index })
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
        stopSignals()
        const wall = (Date.now() - started) / 1000
        progress.done()
        const endNs = result.stoppedAtNs ?? sc.durationNs
        if (chrome) chrome.close()
        if (vcd) vcd.close(endNs)
        const stopped = result.stoppedAtNs !== undefined ? `dpc-sim: ${sc.file}: interrupted at ${result.stoppedAtNs / 1e6} ms of ${sc.durationNs / 1e6} ms; the outputs end there\n` : ""
        let sideStopped = false
        if (o.json) process.stdout.write(JSON.stringify(result.summary, null, 2) + "\n")
        else {
            if (o.uart) process.stdout.write(uartLines.join("\n") + (uartLines.length > 0 ? "\n\n" : ""))
            process.stdout.write(formatReport(result, wall))
            if (sc.app === "firmware" && !stopped) {
                stopSignals = onInterrupt(() => (stop = true))
                const both = await sideBySide(positional[0], o, result, () => stop)
                stopSignals()
                if (both !== null) process.stdout.write("\n" + both)
                else sideStopped = true
            }
            if (chrome) process.stdout.write(`trace: ${o.trace} (${chrome.events} events${chrome.truncated ? `, truncated at its limit of ${chrome.events}` : ""})\n`)
            if (vcd) process.stdout.write(`waveform: ${o.vcd}${vcd.truncatedAtNs >= 0 ? ` (stops at ${vcd.truncatedAtNs / 1e6} ms: its 100 MiB limit; use --duration-ms for a shorter run)` : ""}\n`)
        }
        if (stopped) process.stderr.write(stopped)
        if (sideStopped) process.stderr.write(`dpc-sim: ${sc.file}: interrupted during the other host's run; no side-by-side\n`)
        if (result.invariants !== "") {
            process.stderr.write(`dpc-sim: ${sc.file}: invariant broken: ${result.invariants}\n`)
            return EXIT.failed
        }
        return stopped || sideStopped ? EXIT.interrupted : EXIT.ok
    } catch (e) {
        stopSignals()
        chrome?.abort()
        vcd?.abort()
        throw e
    }
}
