import { runScenarioSliced, SlicedResult, SlicedRunOptions, Summary } from "../../sim/run"
import { loadScenario, Overrides } from "../../sim/scenario/load"
import { Scenario } from "../../sim/scenario/scenario"
import { Source, SourceSink } from "./source"

/**
 * `--sim SCENARIO.json`: runs the board simulator (sim/run.ts) and reads its UART: every line
 * the simulated UART finishes sending is given as bytes, at its simulated time (so interrupt
 * line rates are per simulated second). The run goes a slice at a time and gives the event
 * loop a turn between slices, so the live view redraws while it runs and `stop()` (Ctrl-C,
 * SIGTERM) ends it within a slice.
 */
/** The simulator's entry point (injectable for tests of this adapter). */
export type SimRunner = (sc: Scenario, opts: SlicedRunOptions) => Promise<Pick<SlicedResult, "summary" | "stoppedAtNs">>

export class SimSource implements Source {
    readonly label: string
    readonly inputs: { what: string; path: string }[]
    /** the simulator's summary, once the run is over */
    summary: Summary | null = null
    /** where a stopped run stopped (ns), undefined when it ran to its end */
    stoppedAtNs: number | undefined
    private stopped = false

    constructor(
        readonly scenario: string,
        private readonly overrides: Overrides = {},
        private readonly runner: SimRunner = runScenarioSliced
    ) {
        this.label = `sim ${scenario}`
        this.inputs = [{ what: "scenario file", path: scenario }]
    }

    async run(sink: SourceSink): Promise<void> {
        // Bad input (the simulator's InputError, one line naming the file and field) ends it here.
        const sc = loadScenario(this.scenario, this.overrides)
        this.inputs.push({ what: "board file", path: sc.board.path })
        sink.opened()
        const onUart = (line: string, atNs: number) => sink.data(Buffer.from(line + "\n", "latin1"), atNs / 1e6)
        const r = await this.runner(sc, { onUart, shouldStop: () => this.stopped })
        this.summary = r.summary
        this.stoppedAtNs = r.stoppedAtNs
    }

    stop(): void {
        this.stopped = true
    }
}
