import { DiagRecord, recordToObject } from "../src/kernel/diagnostics"
import { checkOutputs, OutputFile } from "../sim/output/output-file"
import { LineReader, ReaderEvent } from "./reader"
import { escapeBytes, printable, renderScreen } from "./render"
import { SourceSink } from "./sources/source"
import { ViewModel } from "./view-model"

/**
 * One console run: bytes from a source go to the raw log, the line reader and the view model,
 * and out in one of three forms:
 *   - `live`: nothing is printed per line; the CLI redraws `screen()` (text lines kept for it);
 *   - `plain`: every line as it comes (records as received, text as is, rejects marked `!!`);
 *   - `json`: every accepted record as one JSON object per line (SPEC 3.4), nothing else.
 * Status messages go to `err` (plain, json) or to the screen (live). No time is read here.
 *
 * The raw log (--log) is opened only when the source is (a port that does not exist, a file
 * that cannot be read, a scenario that does not validate leave it untouched), is appended to
 * (an existing capture keeps what it had; a boot record in it restarts a replay's view), and is
 * refused when it is one of the source's inputs.
 */
export type OutputMode = "live" | "plain" | "json"

export interface SessionOptions {
    mode: OutputMode
    label: string
    /** standard output and standard error, one call per line (without the newline) */
    out: (line: string) => void
    err: (line: string) => void
    /** file to append the raw bytes to */
    logFile?: string
    /** what the source reads, which the log must not be (asked when the source opens) */
    inputs?: () => { what: string; path: string }[]
    /** every accepted record, as parsed (tests) */
    onRecord?: (rec: DiagRecord) => void
    maxLineBytes?: number
    /** dim the text lines in plain mode (a terminal) */
    color?: boolean
    /** called when the source is open (the CLI starts the live view then) */
    onOpened?: () => void
    /** text lines kept for the live view */
    recentLines?: number
    /** the log could not be written (the session should stop: `failure` says why) */
    onFailure?: (e: Error) => void
}

export class Session implements SourceSink {
    readonly model = new ViewModel()
    readonly reader: LineReader
    /** the last status message */
    lastStatus: string | undefined
    readonly recentText: string[] = []
    /** something changed since the last `screen()` */
    dirty = true
    private atMs: number | undefined
    private log: OutputFile | null = null
    /** why the session must end with an error (the log could not be written), if it must */
    failure: Error | null = null

    constructor(private readonly o: SessionOptions) {
        this.reader = new LineReader(e => this.onEvent(e), o.maxLineBytes)
    }

    /** Checks the log path against the inputs known now (before the source starts). */
    checkLog(): void {
        if (this.o.logFile !== undefined) checkOutputs([{ flag: "--log", path: this.o.logFile }], this.o.inputs?.() ?? [])
    }

    opened(): void {
        if (this.o.logFile !== undefined && this.log === null) {
            this.checkLog()
            this.log = new OutputFile("--log", this.o.logFile, true)
        }
        this.o.onOpened?.()
    }

    data(chunk: Buffer, atMs?: number): void {
        if (this.failure !== null) return
        if (this.log !== null)
            try {
                this.log.write(chunk)
            } catch (e) {
                this.log = null
                this.failure = e as Error
                this.o.onFailure?.(e as Error)
                return
            }
        this.atMs = atMs
        this.reader.push(chunk)
        this.dirty = true
    }

    gap(): void {
        this.reader.flush()
        this.dirty = true
    }

    status(message: string): void {
        this.lastStatus = message
        this.dirty = true
        if (this.o.mode !== "live") this.o.err(`dpc-console: ${message}`)
    }

    /** End of input: reads the partial last line and closes the log. */
    end(): void {
        this.reader.flush()
        if (this.log !== null) this.log.commit()
        this.log = null
    }

    screen(color: boolean, recent = true): string[] {
        this.dirty = false
        return renderScreen({
            source: this.o.label,
            status: this.lastStatus,
            model: this.model,
            records: this.reader.records,
            textLines: this.reader.textLines,
            rejects: this.reader.rejects,
            recentText: recent ? this.recentText : undefined,
            color,
        })
    }

    private onEvent(e: ReaderEvent): void {
        const mode = this.o.mode
        if (e.type === "record") {
            this.model.apply(e.record, this.atMs)
            this.o.onRecord?.(e.record)
            if (mode === "json") this.o.out(JSON.stringify(recordToObject(e.record)))
            else if (mode === "plain") this.o.out(escapeBytes(e.line))
        } else if (e.type === "text") {
            if (mode === "plain") this.o.out(this.o.color ? `\x1b[2m${printable(e.text)}\x1b[0m` : printable(e.text))
            else if (mode === "live") {
                this.recentText.push(e.text)
                if (this.recentText.length > (this.o.recentLines ?? 8)) this.recentText.shift()
            }
        } else if (mode === "plain") {
            const shown = e.reason === "overlong" ? `${escapeBytes(e.line.slice(0, 60))}... (cut at ${e.line.length} bytes)` : escapeBytes(e.line)
            this.o.out(`!! ${e.reason}: ${shown}`)
        }
    }
}
