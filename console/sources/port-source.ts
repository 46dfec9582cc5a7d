import { SerialPort } from "serialport"
import { InputError } from "../../sim/input-error"
import { Source, SourceSink } from "./source"

/**
 * A serial port as a source. The first open must succeed (no such port, busy, permission
 * denied: InputError, one line). After that, a port that goes away (USB unplugged, board reset
 * that re-enumerates) is reopened with exponential backoff until it is back or `stop()` is
 * called; the user is told once when it goes and once when it is back.
 *
 *     opening --ok--> open --disconnect--> waiting --timer--> opening --fail--> waiting (backoff x2)
 *        \--first open fails--> run() rejects (InputError)          \--ok--> open (backoff reset)
 */

/** The part of a serialport stream the console uses (SerialPort and SerialPortMock both fit). */
export interface PortHandle {
    open(callback: (err: Error | null) => void): void
    close(callback?: (err: Error | null) => void): void
    readonly isOpen: boolean
    on(event: "data", listener: (chunk: Buffer) => void): this
    on(event: "close", listener: (err?: Error & { disconnected?: boolean }) => void): this
    on(event: "error", listener: (err: Error) => void): this
}

export type PortFactory = (path: string, baudRate: number) => PortHandle

export const openRealPort: PortFactory = (path, baudRate) => new SerialPort({ path, baudRate, autoOpen: false })

/** Wall time and timers, injected so tests can run the backoff fast. */
export interface PortTimers {
    nowMs(): number
    setTimeout(fn: () => void, ms: number): unknown
    clearTimeout(handle: unknown): void
}

export const realTimers: PortTimers = {
    nowMs: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: h => clearTimeout(h as NodeJS.Timeout),
}

export interface PortSourceOptions {
    baud?: number
    factory?: PortFactory
    timers?: PortTimers
    /** first and longest wait between reopen attempts */
    backoffMinMs?: number
    backoffMaxMs?: number
}

/** One line for an open error: `no such port`, `busy (...)`, `permission denied (...)`. */
export function openErrorReason(err: Error): string {
    const m = err.message
    if (/no such file|does not exist|ENOENT|ENODEV|no such device/i.test(m)) return "no such port (see `dpc-console list`)"
    if (/lock|busy|temporarily unavailable/i.test(m)) return "busy: another program has it open"
    if (/inappropriate ioctl|ENOTTY/i.test(m)) return "not a serial port"
    if (/permission denied|EACCES/i.test(m)) return "permission denied (on Linux, is your user in the dialout group?)"
    return m.split("\n")[0].replace(/^Error:?\s*/, "")
}

export class PortSource implements Source {
    readonly label: string
    readonly inputs: { what: string; path: string }[]
    private readonly baud: number
    private readonly factory: PortFactory
    private readonly timers: PortTimers
    private readonly backoffMinMs: number
    private readonly backoffMaxMs: number
    private port: PortHandle | null = null
    private timer: unknown = null
    private stopped = false
    private finish: (() => void) | null = null

    constructor(readonly path: string, opts: PortSourceOptions = {}) {
        this.baud = opts.baud ?? 115200
        this.factory = opts.factory ?? openRealPort
        this.timers = opts.timers ?? realTimers
        this.backoffMinMs = opts.backoffMinMs ?? 250
        this.backoffMaxMs = opts.backoffMaxMs ?? 5000
        this.label = `${path} @ ${this.baud}`
        this.inputs = [{ what: "serial port", path }]
    }

    run(sink: SourceSink): Promise<void> {
        return new Promise((resolve, reject) => {
            this.finish = resolve
            this.open(sink, err => reject(err instanceof InputError ? err : new InputError(this.path, "", openErrorReason(err))), 0, 0)
        })
    }

    stop(): void {
        if (this.stopped) return
        this.stopped = true
        if (this.timer !== null) this.timers.clearTimeout(this.timer)
        this.timer = null
        const port = this.port
        this.port = null
        if (port !== null && port.isOpen) port.close(() => this.finish?.())
        else this.finish?.()
    }

    /** Opens the port; `onFirstFailure` is for the very first attempt only. */
    private open(sink: SourceSink, onFirstFailure: ((err: Error) => void) | null, attempt: number, waitMs: number): void {
        const port = this.factory(this.path, this.baud)
        port.open(err => {
            if (this.stopped) {
                if (err === null) port.close()
                return
            }
            if (err !== null) {
                if (onFirstFailure !== null) return onFirstFailure(err)
                return this.retry(sink, attempt + 1, Math.min(waitMs * 2, this.backoffMaxMs))
            }
            if (onFirstFailure !== null) {
                try {
                    sink.opened()
                } catch (e) {
                    this.stopped = true
                    return port.close(() => onFirstFailure(e as Error))
                }
            }
            this.port = port
            if (attempt > 0) sink.status(`${this.path}: reconnected after ${attempt} attempt${attempt > 1 ? "s" : ""}`)
            port.on("data", chunk => sink.data(chunk, this.timers.nowMs()))
            port.on("error", e => sink.status(`${this.path}: ${e.message.split("\n")[0]}`))
            port.on("close", e => {
                if (this.stopped || this.port !== port) return
                this.port = null
                sink.gap()
                const why = e && e.disconnected ? e.message.split("\n")[0] : "closed"
                sink.status(`${this.path}: disconnected (${why}); retrying with backoff`)
                this.retry(sink, 1, this.backoffMinMs)
            })
        })
    }

    /** Tries to open again after `waitMs` (which doubles per failed attempt, up to backoffMaxMs). */
    private retry(sink: SourceSink, attempt: number, waitMs: number): void {
        this.timer = this.timers.setTimeout(() => {
            this.timer = null
            if (!this.stopped) this.open(sink, null, attempt, waitMs)
        }, waitMs)
    }
}
