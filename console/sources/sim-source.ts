import { InputError as SimInputError, RunOptions, runScenarioFile, Summary } from "../../sim/run"
import { InputError } from "../exit"
import { Source, SourceSink } from "./source"

/**
 * `--sim SCENARIO.json`: runs the board simulator (sim/run.ts) and reads its UART: every line
 * the simulated UART finishes sending is given as bytes, at its simulated time (so interrupt
 * line rates are per simulated second). The simulator runs synchronously to its end.
 */
export type SimOverrides = Pick<RunOptions, "board" | "policy" | "seed" | "durationMs">

/** The simulator's entry point (injectable for tests of this adapter). */
export type SimRunner = (file: string, opts: RunOptions) => { summary: Summary }

export class SimSource implements Source {
    readonly label: string
    /** the simulator's SPEC 3.3 summary, once the run is over */
    summary: Summary | null = null

    constructor(
        readonly scenario: string,
        private readonly overrides: SimOverrides = {},
        private readonly runner: SimRunner = runScenarioFile
    ) {
        this.label = `sim ${scenario}`
    }

    async run(sink: SourceSink): Promise<void> {
        sink.opened()
        const onUart = (line: string, atNs: number) => sink.data(Buffer.from(line + "\n", "latin1"), atNs / 1e6)
        try {
            this.summary = this.runner(this.scenario, { ...this.overrides, onUart }).summary
        } catch (e) {
            // The simulator's bad-input message is already one line naming the file and field.
            if (e instanceof SimInputError) throw new InputError(e.message.split("\n")[0])
            throw e
        }
    }

    /** The simulator runs synchronously to its end; there is nothing to interrupt. */
    stop(): void {}
}
