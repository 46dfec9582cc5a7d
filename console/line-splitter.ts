/**
 * Splits a byte stream into lines, whatever the reads look like: a line may arrive split over
 * any number of chunks, and ends at LF, CR or CRLF (a CRLF split across two chunks is still one
 * terminator). Empty lines are skipped. A line longer than `maxBytes` is cut: its first
 * `maxBytes` bytes are given once with `overlong` set and the rest, up to the next terminator,
 * is thrown away. Bytes are given as they came; decoding is the reader's business.
 *
 * Plain data structure: no time, no I/O. Memory is one buffer of `maxBytes`, set at creation.
 */
export type LineSink = (line: Buffer, overlong: boolean) => void

const LF = 10
const CR = 13

export class LineSplitter {
    private readonly buf: Buffer
    private len = 0
    /** the current line passed maxBytes: drop bytes until its end */
    private discarding = false
    /** the last byte was a CR, so an LF right after it ends nothing */
    private afterCR = false

    constructor(private readonly sink: LineSink, readonly maxBytes = 1024) {
        if (!(maxBytes >= 1)) throw new Error(`LineSplitter: maxBytes must be >= 1, got ${maxBytes}`)
        this.buf = Buffer.alloc(maxBytes)
    }

    /** Bytes of the current, unfinished line. */
    get pending(): number {
        return this.len
    }

    /** Takes one chunk of bytes; calls the sink for every line it completes. */
    push(chunk: Uint8Array): void {
        let start = 0 // first byte of chunk not yet copied into buf
        for (let i = 0; i < chunk.length; i++) {
            const b = chunk[i]
            if (b !== LF && b !== CR) {
                this.afterCR = false
                continue
            }
            if (b === LF && this.afterCR) {
                this.afterCR = false
                start = i + 1
                continue
            }
            this.afterCR = b === CR
            this.append(chunk, start, i)
            this.endLine()
            start = i + 1
        }
        this.append(chunk, start, chunk.length)
    }

    /**
     * Ends the current line where it stands (end of input, or bytes lost in between, as when a
     * port goes away). The partial line, if any, is given as a line.
     */
    flush(): void {
        this.endLine()
        this.afterCR = false
    }

    private append(chunk: Uint8Array, from: number, to: number): void {
        if (this.discarding || to <= from) return
        const room = this.maxBytes - this.len
        const n = Math.min(room, to - from)
        this.buf.set(chunk.subarray(from, from + n), this.len)
        this.len += n
        if (to - from > n) {
            this.discarding = true
            this.emit(true)
        }
    }

    private endLine(): void {
        if (this.discarding) this.discarding = false
        else if (this.len > 0) this.emit(false)
        this.len = 0
    }

    private emit(overlong: boolean): void {
        const line = Buffer.from(this.buf.subarray(0, this.len))
        this.len = 0
        this.sink(line, overlong)
    }
}
