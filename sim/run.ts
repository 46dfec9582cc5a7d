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
import { DsBoard } from "./host/devicescript/board"
import { CalibrationTable } from "./host/devicescript/calibration"
import { DpcOpcodes } from "./host/devicescript/costs"
import { HostBoard } from "./host/host-board"
import { InputError } from "./input-error"
import { Recorder } from "./model/recorder"
import { Summary, summarize } from "./output/summary"
import { scenarioApp } from "./scenario/app"
import { Overrides, loadScenario } from "./scenario/load"
import { Scenario } from "./scenario/scenario"
import { buildStimulus } from "./scenario/stimulus"
import { GpioBank } from "./model/gpio-bank"

export { InputError } from "./input-error"
export type { Summary } from "./output/summary"

export interface RunOptions extends Overrides {
    /** Every line the simulated UART finishes sending, in order, with its simulated time. */
    onUart?: (line: string, atNs: number) => void
    recorder?: Recorder | null
    /** Called now and then with the virtual time reached (for progress displays). */
    onProgress?: (simNs: number, totalNs: number) => void
    /** Called once the board is set up, before it runs (to describe trace tracks, say). */
    onBoard?: (board: HostBoard) => void
    /** The app instance to run instead of a new one (tests inspect its drivers). */
    app?: App
    /** The devicescript host's calibration table instead of the checked-in one (tests of the model). */
    calibration?: CalibrationTable
}

export interface SimResult {
    scenario: Scenario
    board: HostBoard
    summary: Summary
    /** "" when conservation, per-source order and no-self-concurrency held; else what broke. */
    invariants: string
}

/** The application a scenario runs: its own sources and DPCs, or the firmware (a fresh instance each run). */
export function appFor(sc: Scenario): App {
    return sc.app === "scenario" ? scenarioApp(sc) : new Firmware()
}

/** Per DPC name, the opcodes of a scenario's own DPCs and the scenario's overrides (the devicescript host's costs). */
function dpcOpcodesOf(sc: Scenario): { [dpc: string]: DpcOpcodes } {
    const out: { [dpc: string]: DpcOpcodes } = {}
    if (sc.app === "scenario") for (const d of sc.dpcs) out[d.name] = { opcodes: d.opcodes, opcodesPerEvent: d.opcodesPerEvent }
    for (const [name, c] of Object.entries(sc.opcodes)) out[name] = c
    return out
}

/** Extra ISR opcodes of a scenario's sources, by `gpio<N>` or `alarm<N>`. */
function isrOpcodesOf(sc: Scenario): { [key: string]: number } {
    const out: { [key: string]: number } = {}
    for (const s of sc.sources) out[s.kind === "gpio" ? `gpio${s.gpio}` : `alarm${s.alarm}`] = s.isrOpcodes
    return out
}

/** Builds the board for a scenario under its host (the app set up, nothing run yet). */
export function buildBoard(sc: Scenario, opts: RunOptions = {}): HostBoard {
    const app = opts.app ?? appFor(sc)
    let board: HostBoard
    const common = {
        spec: sc.board,
        app,
        policy: sc.policy,
        threadsPerCore: sc.threadsPerCore,
        stimulus: (bank: GpioBank) => buildStimulus(sc.stimulus, sc.seed, bank),
        reportNs: sc.reportNs,
        tickNs: sc.tickNs,
        recorder: opts.recorder ?? null,
        onUart: opts.onUart,
    }
    try {
        board =
            sc.host === "devicescript"
                ? new DsBoard({ ...common, dpcOpcodes: dpcOpcodesOf(sc), isrOpcodes: isrOpcodesOf(sc), table: opts.calibration })
                : new SimBoard({ ...common, costs: sc.costs, isrCycles: sc.isrCycles, priorities: sc.priorities })
    } catch (e: any) {
        if (e instanceof InputError) throw e
        throw new InputError(sc.file, "", `cannot set up ${app.name === "scenario" ? "the scenario" : `the ${app.name} app`} on ${sc.board.id}: ${e?.message ?? e}`)
    }
    const given = sc.host === "devicescript" ? Object.keys(sc.opcodes) : Object.keys(sc.costs)
    for (const name of given)
        if (!board.kernel.dpcs.some(d => d.name === name))
            throw new InputError(sc.file, `costs.${name}`, `no DPC named '${name}' in the ${app.name} app (DPCs: ${board.kernel.dpcs.map(d => d.name).join(", ")})`)
    return board
}

/** Builds the native host's board for a scenario (tests and benchmarks that look into the native model). */
export function buildNativeBoard(sc: Scenario, opts: RunOptions = {}): SimBoard {
    if (sc.host !== "native") throw new Error(`buildNativeBoard: ${sc.file} runs under host ${sc.host}`)
    return buildBoard(sc, opts) as SimBoard
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
    readonly board: HostBoard
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
