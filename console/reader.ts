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
 * (tab and ESC allowed); anything else on the wire is `garbage` (noise, a wrong baud rate).
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

/** True when the bytes are UTF-8 text with no control bytes other than tab and ESC. */
function isText(bytes: Buffer): boolean {
    for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i]
        if ((b < 0x20 && b !== 9 && b !== 0x1b) || b === 0x7f) return false
    }
    try {
        utf8.decode(bytes)
        return true
    } catch {
        return false
    }
}

/** Classifies one complete line (without its terminator). */
export function classifyLine(bytes: Buffer, overlong: boolean): ReaderEvent {
    const line = bytes.toString("latin1")
    if (overlong) return { type: "reject", reason: "overlong", line }
    const r = parseLine(line)
    switch (r.status) {
        case "ok":
            return { type: "record", record: r.record!, line: line.slice(line.indexOf("$DPC,")).trimEnd() }
        case "text":
            return isText(bytes) ? { type: "text", text: bytes.toString("utf8") } : { type: "reject", reason: "garbage", line }
        default:
            return { type: "reject", reason: r.status, line }
    }
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
        const e = classifyLine(bytes, overlong)
        if (e.type === "record") this.records++
        else if (e.type === "text") this.textLines++
        else this.rejects[e.reason]++
        this.onEvent(e)
    }
}
