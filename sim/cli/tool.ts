/**
 * What every command-line tool of the project (dpc-sim, dpc-console, devs-build, devs-flash)
 * does the same way: its exit codes, bad input as one line, an unexpected error as one line
 * (the stack only with DPC_DEBUG=1), and a reader that goes away (`| head`) ends it quietly.
 */
import { InputError } from "../input-error"

/** The exit codes (docs/cli.md). */
export const EXIT = {
    ok: 0,
    /** A check the run was asked to make failed (a broken invariant, a failed build). */
    failed: 1,
    /** Bad input: a file, a field, an option (one line on stderr). */
    badInput: 2,
    /** A bug: the tool itself failed. */
    internal: 70,
    /** Stopped by SIGINT or SIGTERM (128 + 2, as shells report it). */
    interrupted: 130,
} as const

/** The one line for an error that is not the user's input. */
export function internalError(tool: string, e: unknown): string {
    const err = e as { message?: string; stack?: string }
    const first = String(err?.message ?? e).split("\n")[0]
    if (process.env.DPC_DEBUG) return `${tool}: internal error: ${first}\n${err?.stack ?? ""}\n`
    return `${tool}: internal error: ${first} (set DPC_DEBUG=1 for the stack; please report it)\n`
}

/** Maps an error to its exit code and the line for stderr. */
export function failure(tool: string, e: unknown): { code: number; message: string } {
    if (e instanceof InputError) return { code: EXIT.badInput, message: `${tool}: ${e.message}\n` }
    return { code: EXIT.internal, message: internalError(tool, e) }
}

/** What SIGINT and SIGTERM do now: stop the run in progress (the last registered), if any. */
const stops: (() => void)[] = []

/**
 * Makes SIGINT and SIGTERM call `stop` (a run ends at the time reached) until the returned
 * function is called. Outside such a run, runTool's handlers end the process with 130.
 */
export function onInterrupt(stop: () => void): () => void {
    stops.push(stop)
    return () => {
        const i = stops.lastIndexOf(stop)
        if (i >= 0) stops.splice(i, 1)
    }
}

let signals = 0
/** The first signal stops the run in progress; a second one (or one with no run) ends the process. */
function interrupted(): void {
    if (stops.length > 0 && signals++ === 0) stops[stops.length - 1]()
    else process.exit(EXIT.interrupted)
}

/**
 * Runs a tool's main from its bin: sets the exit code it returns, makes a closed standard
 * output (EPIPE: `dpc-sim run ... --uart | head -1`) end the process quietly with 0, as Unix
 * filters do, instead of an unhandled error event with a stack trace, and sends SIGINT and
 * SIGTERM to the run in progress (onInterrupt).
 */
export function runTool(tool: string, main: (argv: string[]) => number | Promise<number>): void {
    process.on("SIGINT", interrupted)
    process.on("SIGTERM", interrupted)
    for (const stream of [process.stdout, process.stderr])
        stream.on("error", (e: NodeJS.ErrnoException) => {
            if (e.code === "EPIPE") process.exit(EXIT.ok)
            process.stderr.write(internalError(tool, e))
            process.exit(EXIT.internal)
        })
    Promise.resolve()
        .then(() => main(process.argv.slice(2)))
        .then(
            code => {
                process.exitCode = code
            },
            e => {
                const f = failure(tool, e)
                process.stderr.write(f.message)
                process.exitCode = f.code
            }
        )
}
