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

/**
 * Agent steps a slice of a run aims at: about 50 ms of work, so a caller that yields between
 * slices (dpc-sim run, dpc-console --sim) redraws and sees Ctrl-C in time. Slices are sized by
 * the steps the last one took, never by wall time, so a run is sliced the same way every time.
 */
export const SLICE_STEPS = 200_000

/**
 * One run of a scenario, taken a slice at a time: `slice()` until `done`, then `finish()`.
 * Slicing does not change a run (test/sim/slices.test.ts): the board only accounts time at a
 * slice's end.
 */
export class ScenarioRun {
    readonly board: SimBoard
    /** Virtual time the next slice covers (ns), adapted to SLICE_STEPS. */
    private sliceNs = 1_000_000
    private reachedNs = 0

    constructor(readonly scenario: Scenario, private opts: RunOptions = {}) {
        this.board = buildBoard(scenario, opts)
        if (opts.onBoard) opts.onBoard(this.board)
    }

    get done(): boolean {
        return this.reachedNs >= this.scenario.durationNs
    }

    /** Virtual time reached (ns). */
    get nowNs(): number {
        return this.reachedNs
    }

    /** Runs the board to `endNs` (at most the scenario's duration) in one go. */
    runTo(endNs: number): void {
        const end = Math.min(endNs, this.scenario.durationNs)
        if (end <= this.reachedNs) return
        const progress = this.opts.onProgress
        const total = this.scenario.durationNs
        this.board.runUntil(end, progress === undefined ? undefined : ns => progress(ns, total))
        this.reachedNs = end
        if (progress !== undefined) progress(end, total)
    }

    /** Runs one slice: about SLICE_STEPS agent steps of virtual time. */
    slice(): void {
        const before = this.board.steps
        this.runTo(this.reachedNs + this.sliceNs)
        const steps = this.board.steps - before
        // Aim the next slice at SLICE_STEPS: at most 4x longer or 4x shorter than this one.
        const scale = steps === 0 ? 4 : Math.min(4, Math.max(0.25, SLICE_STEPS / steps))
        this.sliceNs = Math.max(1, Math.round(this.sliceNs * scale))
    }

    /** Ends the run where it stands (the final report, the UART drained) and checks the invariants. */
    finish(): SimResult {
        const board = this.board
        const summary = summarize(board, this.scenario.seed)
        board.end()
        return { scenario: this.scenario, board, summary, invariants: board.checkInvariants() }
    }
}

/** Runs a scenario to its end in one go. */
export function runScenario(sc: Scenario, opts: RunOptions = {}): SimResult {
    const run = new ScenarioRun(sc, opts)
    run.runTo(sc.durationNs)
    return run.finish()
}

export function runScenarioFile(file: string, opts: RunOptions = {}): SimResult {
    return runScenario(loadScenario(file, opts), opts)
}

/** What a sliced run is told and tells: a way to stop it, and the time it reached. */
export interface SlicedRunOptions extends RunOptions {
    /** Asked between slices: true ends the run at the time reached. */
    shouldStop?: () => boolean
}

export interface SlicedResult extends SimResult {
    /** The virtual time (ns) at which `shouldStop` ended the run; undefined when it ran to its end. */
    stoppedAtNs?: number
}

/**
 * Runs a scenario a slice at a time, giving the event loop a turn between slices (timers,
 * signals, I/O), until its end or until `shouldStop()`. The result is the same as runScenario's
 * for a run that was not stopped.
 */
export async function runScenarioSliced(sc: Scenario, opts: SlicedRunOptions = {}): Promise<SlicedResult> {
    const run = new ScenarioRun(sc, opts)
    const stop = opts.shouldStop ?? (() => false)
    while (!run.done && !stop()) {
        run.slice()
        await new Promise<void>(resolve => setImmediate(resolve))
    }
    const stoppedAtNs = run.done ? undefined : run.nowNs
    return { ...run.finish(), stoppedAtNs }
}
