import { EXIT, failure } from "../sim/cli/tool"
import { ConsoleOptions, parseConsoleArgs } from "./args"
import { defaultLister, formatPorts, Lister } from "./list"
import { fitScreen, rejectSummary } from "./render"
import { Session } from "./session"
import { PortFactory, PortSource } from "./sources/port-source"
import { ReplaySource } from "./sources/replay-source"
import { SimRunner, SimSource } from "./sources/sim-source"
import { Source } from "./sources/source"

/**
 * The command: arguments to a source, a session and an output. The only place that looks at
 * the terminal and at wall time (the live view's redraw timer); `main.ts` just calls it.
 * Bad input is an InputError (sim/input-error.ts) that the caller prints as one line, exit 2.
 */
export interface ConsoleIo {
    /** write to standard output / error (text as given; add the newline yourself) */
    out(text: string): void
    err(text: string): void
    isTTY: boolean
    rows?: () => number
    columns?: () => number
    /** called with a stop function while a source runs (the CLI hooks it to SIGINT and SIGTERM) */
    onInterrupt?: (stop: () => void) => void
    /** injections for tests */
    portFactory?: PortFactory
    lister?: Lister
    simRunner?: SimRunner
}

const REDRAW_MS = 100

function makeSource(o: ConsoleOptions, io: ConsoleIo): Source {
    if (o.replay !== undefined) return new ReplaySource(o.replay)
    if (o.sim !== undefined) return new SimSource(o.sim, o.simOverrides, io.simRunner)
    return new PortSource(o.port!, { baud: o.baud, factory: io.portFactory })
}

/** Redraws the session's screen in place while it is dirty; returns the function that ends it. */
function startLiveView(session: Session, io: ConsoleIo): () => void {
    const draw = () => {
        const lines = fitScreen(session.screen(true), io.rows ? io.rows() : 24, io.columns ? io.columns() : 80)
        io.out("\x1b[H" + lines.map(l => l + "\x1b[0m\x1b[K").join("\n") + "\n\x1b[J")
    }
    io.out("\x1b[?25l\x1b[2J")
    draw()
    const timer = setInterval(() => {
        if (session.dirty) draw()
    }, REDRAW_MS)
    return () => {
        clearInterval(timer)
        draw()
        io.out("\x1b[?25h")
    }
}

async function read(o: ConsoleOptions, io: ConsoleIo): Promise<number> {
    const source = makeSource(o, io)
    const mode = o.json ? "json" : io.isTTY && !o.plain ? "live" : "plain"
    let endLive: (() => void) | null = null
    const session: Session = new Session({
        mode,
        label: source.label,
        out: line => io.out(line + "\n"),
        err: line => io.err(line + "\n"),
        logFile: o.log,
        inputs: () => source.inputs,
        color: io.isTTY,
        onOpened: () => {
            if (mode === "live" && endLive === null) endLive = startLiveView(session, io)
        },
        onFailure: () => source.stop(),
    })
    session.checkLog()
    io.onInterrupt?.(() => source.stop())
    try {
        await source.run(session)
    } finally {
        session.end()
        if (endLive !== null) (endLive as () => void)()
    }
    if (session.failure !== null) throw session.failure
    if (mode === "plain") io.out("\n" + session.screen(false, false).join("\n") + "\n")
    if (mode === "json") {
        const r = session.reader
        io.err(`dpc-console: ${r.records} records, ${r.textLines} text lines, ${rejectSummary(r.rejects)}\n`)
    }
    return EXIT.ok
}

/**
 * Runs `dpc-console` with `argv` (the arguments after the command name); returns the exit code.
 * Bad input is one line on `io.err`, exit 2; anything else is a bug and is thrown.
 */
export async function main(argv: string[], io: ConsoleIo): Promise<number> {
    try {
        const o = parseConsoleArgs(argv)
        if (o.command === "help") {
            io.out(o.help!)
            return EXIT.ok
        }
        if (o.command === "list") {
            io.out(formatPorts(await (io.lister ?? defaultLister)()).join("\n") + "\n")
            return EXIT.ok
        }
        return await read(o, io)
    } catch (e) {
        const f = failure("dpc-console", e)
        if (f.code === EXIT.internal) throw e
        io.err(f.message)
        return f.code
    }
}
