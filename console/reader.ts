import { TextDecoder } from "node:util"
import { DiagRecord, parseLine } from "../src/kernel/diagnostics"
import { LineSplitter } from "./line-splitter"

/**
 * Bytes in, classified lines out: every line the splitter completes is an accepted record
 * (parsed by the kernel's shared parser), a text line (log output, passed through), or a
 * rejected line with its reason. Plain data structure: no time, no I/O.
 *
 * Records are read byte for byte (latin1), so a corrupted byte shows as a bad checksum, exactly
 * as the firmware's XOR over bytes would see it. Text lines must be UTF-8 without control bytes
 * (tab allowed); anything else on the wire is `garbage` (noise, a wrong baud rate).
 *
 * Before a line is read, terminal escape sequences are taken out of it (`devs run` colours its
 * output even into a file). A line may hold more than one record start: a board reset in the
 * middle of a line leaves a cut-off record followed by a whole one (often the new `boot`), and
 * two records can be glued together. Every `$DPC,` starts a record of its own, read up to the
 * next one, so each whole record is kept and each cut-off one counted as rejected.
 */
export const REJECT_REASONS = ["bad-checksum", "truncated", "malformed", "overlong", "garbage"] as const
export type RejectReason = (typeof REJECT_REASONS)[number]

export type ReaderEvent =
    | { type: "record"; record: DiagRecord; line: string }
    | { type: "text"; text: string }
    | { type: "reject"; reason: RejectReason; line: string }

export type RejectCounts = Record<RejectReason, number>

export function zeroRejects(): RejectCounts {
    return { "bad-checksum": 0, truncated: 0, malformed: 0, overlong: 0, garbage: 0 }
}

const utf8 = new TextDecoder("utf-8", { fatal: true })

/** True when the bytes are UTF-8 text with no control bytes other than tab. */
function isText(bytes: Buffer): boolean {
    for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i]
        if ((b < 0x20 && b !== 9) || b === 0x7f) return false
    }
    try {
        utf8.decode(bytes)
        return true
    } catch {
        return false
    }
}

/**
 * Terminal escape sequences (ECMA-48): CSI (`ESC [ ... final`, colours and cursor moves), OSC
 * (`ESC ] ... BEL` or `ESC ] ... ESC \\`, titles and links) and the two-byte ones (`ESC 7`).
 */
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -~]/g

/** The line without terminal escape sequences. */
export function stripEscapes(line: string): string {
    return line.indexOf("\x1b") < 0 ? line : line.replace(ESCAPES, "")
}

const PREFIX = "$DPC,"

/** Classifies one complete line (without its terminator): one event, or one per record start on it. */
export function classifyLine(raw: Buffer, overlong: boolean): ReaderEvent[] {
    if (overlong) return [{ type: "reject", reason: "overlong", line: raw.toString("latin1") }]
    const line = stripEscapes(raw.toString("latin1"))
    let start = line.indexOf(PREFIX)
    if (start < 0) {
        const bytes = Buffer.from(line, "latin1")
        return [isText(bytes) ? { type: "text", text: bytes.toString("utf8") } : { type: "reject", reason: "garbage", line }]
    }
    const out: ReaderEvent[] = []
    while (start >= 0) {
        const next = line.indexOf(PREFIX, start + PREFIX.length)
        // A record never holds `$` (values escape it), so the next `$DPC,` starts another record.
        const piece = line.slice(start, next < 0 ? line.length : next)
        const r = parseLine(piece)
        if (r.status === "ok") out.push({ type: "record", record: r.record!, line: piece.trimEnd() })
        else out.push({ type: "reject", reason: r.status === "text" ? "malformed" : r.status, line: piece })
        start = next
    }
    return out
}

export class LineReader {
    readonly rejects: RejectCounts = zeroRejects()
    records = 0
    textLines = 0
    private readonly splitter: LineSplitter

    constructor(private readonly onEvent: (e: ReaderEvent) => void, maxLineBytes = 1024) {
        this.splitter = new LineSplitter((bytes, overlong) => this.line(bytes, overlong), maxLineBytes)
    }

    push(chunk: Uint8Array): void {
        this.splitter.push(chunk)
    }

    /** End of input, or bytes lost (the port went away): the partial line is read as it is. */
    flush(): void {
        this.splitter.flush()
    }

    get rejected(): number {
        let n = 0
        for (const r of REJECT_REASONS) n += this.rejects[r]
        return n
    }

    private line(bytes: Buffer, overlong: boolean): void {
        for (const e of classifyLine(bytes, overlong)) {
            if (e.type === "record") this.records++
            else if (e.type === "text") this.textLines++
            else this.rejects[e.reason]++
            this.onEvent(e)
        }
    }
}
