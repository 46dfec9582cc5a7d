/**
 * Running a scenario: the simulator's programmatic entry point, used by the dpc-sim CLI, the
 * console's --sim mode, the tests and the benchmarks.
 *
 *     const { summary } = runScenarioFile("scenarios/cores.json", { seed: 7, onUart: line => ... })
 *
 * Bad input (the file, its contents, an override) throws InputError, whose message is the one
 * line to show. A run always ends with the invariants checked; `result.invariants` is "" when
 * they hold.
 */
import { Firmware } from "../src/app/firmware"
import { App } from "../src/hal/hal"
import { SimBoard } from "./board"
import { InputError } from "./input-error"
import { Recorder } from "./model/recorder"
import { Summary, summarize } from "./output/summary"
import { scenarioApp } from "./scenario/app"
import { Overrides, loadScenario } from "./scenario/load"
import { Scenario } from "./scenario/scenario"
import { buildStimulus } from "./scenario/stimulus"

export { InputError } from "./input-error"
export type { Summary } from "./output/summary"

export interface RunOptions extends Overrides {
    /** Every line the simulated UART finishes sending, in order, with its simulated time. */
    onUart?: (line: string, atNs: number) => void
    recorder?: Recorder | null
    /** Called now and then with the virtual time reached (for progress displays). */
    onProgress?: (simNs: number, totalNs: number) => void
    /** Called once the board is set up, before it runs (to describe trace tracks, say). */
    onBoard?: (board: SimBoard) => void
    /** The app instance to run instead of a new one (tests inspect its drivers). */
    app?: App
}

export interface SimResult {
    scenario: Scenario
    board: SimBoard
    summary: Summary
    /** "" when conservation, per-source order and no-self-concurrency held; else what broke. */
    invariants: string
}

/** The application a scenario runs: its own sources and DPCs, or the firmware (a fresh instance each run). */
export function appFor(sc: Scenario): App {
    return sc.app === "scenario" ? scenarioApp(sc) : new Firmware()
}

/** Builds the board for a scenario (the app set up, nothing run yet). */
export function buildBoard(sc: Scenario, opts: RunOptions = {}): SimBoard {
    const app = opts.app ?? appFor(sc)
    let board: SimBoard
    try {
        board = new SimBoard({
            spec: sc.board,
            app,
            policy: sc.policy,
            threadsPerCore: sc.threadsPerCore,
            costs: sc.costs,
            isrCycles: sc.isrCycles,
            priorities: sc.priorities,
            stimulus: bank => buildStimulus(sc.stimulus, sc.seed, bank),
            reportNs: sc.reportNs,
            tickNs: sc.tickNs,
            recorder: opts.recorder ?? null,
            onUart: opts.onUart,
        })
    } catch (e: any) {
        if (e instanceof InputError) throw e
        throw new InputError(sc.file, "", `cannot set up ${app.name === "scenario" ? "the scenario" : `the ${app.name} app`} on ${sc.board.id}: ${e?.message ?? e}`)
    }
    for (const name of Object.keys(sc.costs))
        if (!board.kernel.dpcs.some(d => d.name === name))
            throw new InputError(sc.file, `costs.${name}`, `no DPC named '${name}' in the ${app.name} app (DPCs: ${board.kernel.dpcs.map(d => d.name).join(", ")})`)
    return board
}

export function runScenario(sc: Scenario, opts: RunOptions = {}): SimResult {
    const board = buildBoard(sc, opts)
    if (opts.onBoard) opts.onBoard(board)
    const progress = opts.onProgress
    board.runUntil(sc.durationNs, progress === undefined ? undefined : ns => progress(ns, sc.durationNs))
    const summary = summarize(board, sc.seed)
    board.end()
    return { scenario: sc, board, summary, invariants: board.checkInvariants() }
}

export function runScenarioFile(file: string, opts: RunOptions = {}): SimResult {
    return runScenario(loadScenario(file, opts), opts)
}
