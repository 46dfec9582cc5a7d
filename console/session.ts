import { closeSync, openSync, writeSync } from "node:fs"
import { DiagRecord, recordToObject } from "../src/kernel/diagnostics"
import { InputError } from "./exit"
import { LineReader, ReaderEvent } from "./reader"
import { escapeBytes, printable, renderScreen } from "./render"
import { fileReason } from "./sources/replay-source"
import { SourceSink } from "./sources/source"
import { ViewModel } from "./view-model"

/**
 * One console run: bytes from a source go to the raw log, the line reader and the view model,
 * and out in one of three forms:
 *   - `live`: nothing is printed per line; the CLI redraws `screen()` (text lines kept for it);
 *   - `plain`: every line as it comes (records as received, text as is, rejects marked `!!`);
 *   - `json`: every accepted record as one JSON object per line (SPEC 3.4), nothing else.
 * Status messages go to `err` (plain, json) or to the screen (live). No time is read here.
 */
export type OutputMode = "live" | "plain" | "json"

export interface SessionOptions {
    mode: OutputMode
    label: string
    /** standard output and standard error, one call per line (without the newline) */
    out: (line: string) => void
    err: (line: string) => void
    /** file to save the raw bytes to */
    logFile?: string
    /** every accepted record, as parsed (tests) */
    onRecord?: (rec: DiagRecord) => void
    maxLineBytes?: number
    /** dim the text lines in plain mode (a terminal) */
    color?: boolean
    /** called when the source is open (the CLI starts the live view then) */
    onOpened?: () => void
    /** text lines kept for the live view */
    recentLines?: number
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
    private logFd: number | null = null

    constructor(private readonly o: SessionOptions) {
        this.reader = new LineReader(e => this.onEvent(e), o.maxLineBytes)
        if (o.logFile !== undefined) {
            try {
                this.logFd = openSync(o.logFile, "w")
            } catch (e) {
                throw new InputError(`${o.logFile}: cannot write the log: ${fileReason(e)}`)
            }
        }
    }

    opened(): void {
        this.o.onOpened?.()
    }

    data(chunk: Buffer, atMs?: number): void {
        if (this.logFd !== null) writeSync(this.logFd, chunk)
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
        if (this.logFd !== null) closeSync(this.logFd)
        this.logFd = null
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
