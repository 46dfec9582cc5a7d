import { join } from "node:path"
import { InputError } from "../exit"
import { Source, SourceSink } from "./source"

/**
 * `--sim SCENARIO.json`: runs the board simulator and reads its UART, with simulated time for
 * rates. The simulator (`sim/run.ts`) is built by another part of the project; until it is on
 * this branch it is loaded at run time and its absence is reported as "simulator not available".
 * Once it is, `loadSimulator` can become `import { runScenarioFile, InputError } from "../../sim/run"`.
 */

/** What the console needs of `sim/run.ts`. */
export interface SimRunOptions {
    board?: string
    policy?: string
    seed?: number
    durationMs?: number
    /** every line the simulated UART finishes sending, in order, with its simulated time */
    onUart?: (line: string, atNs: number) => void
}

export interface SimModule {
    runScenarioFile(file: string, opts: SimRunOptions): { summary: unknown }
    InputError: new (...args: never[]) => Error
}

/** The simulator's module, or null when this build has none. */
export function loadSimulator(path = join(__dirname, "..", "..", "sim", "run.js")): SimModule | null {
    try {
        // A path computed at run time on purpose: tsc must not need sim/run.ts to build the console.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(path) as Partial<SimModule>
        return typeof mod.runScenarioFile === "function" && typeof mod.InputError === "function" ? (mod as SimModule) : null
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String((e as Error).message).includes(path)) return null
        throw e
    }
}

export class SimSource implements Source {
    readonly label: string
    /** the simulator's SPEC 3.3 summary, once the run is over */
    summary: unknown = null

    constructor(
        readonly scenario: string,
        private readonly opts: Omit<SimRunOptions, "onUart"> = {},
        private readonly load: () => SimModule | null = loadSimulator
    ) {
        this.label = `sim ${scenario}`
    }

    async run(sink: SourceSink): Promise<void> {
        const sim = this.load()
        if (sim === null) throw new InputError(`${this.scenario}: simulator not available in this build (no sim/run.js); use a PORT or --replay`)
        sink.opened()
        const onUart = (line: string, atNs: number) => sink.data(Buffer.from(line + "\n", "latin1"), atNs / 1e6)
        try {
            this.summary = sim.runScenarioFile(this.scenario, { ...this.opts, onUart }).summary
        } catch (e) {
            if (e instanceof sim.InputError) throw new InputError(e.message.split("\n")[0])
            throw e
        }
    }

    /** The simulator runs synchronously to its end; there is nothing to interrupt. */
    stop(): void {}
}
