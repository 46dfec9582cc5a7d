/**
 * The UART that carries diagnostics lines: 8N1, so 10 bit times per byte (start, 8 data, stop);
 * at 115200 baud a byte takes 86.8 us and an 80-character line about 7 ms. Lines wait in a
 * transmit buffer of `bufferBytes`; a line that does not fit is dropped and counted, never lost
 * silently. A line is delivered (to `onLine`) when its last byte, the `\n`, has been sent.
 */
import { NEVER } from "./agenda"

export class Uart {
    private queue: string[] = []
    private head = 0
    private backlog = 0
    private busyUntilNs = 0
    sentLines = 0
    sentBytes = 0
    droppedLines = 0
    maxBacklogBytes = 0

    constructor(
        readonly baud: number,
        readonly bufferBytes: number,
        private nowNs: () => number,
        /** Called when the transmitter becomes busy, with the time its current line ends. */
        private schedule: (ns: number) => void,
        private onLine: (line: string, ns: number) => void
    ) {}

    /** Whole ns to send `bytes` bytes, 8N1. */
    byteTimeNs(bytes: number): number {
        return Math.ceil((bytes * 10 * 1e9) / this.baud)
    }

    /** Queues a line (without its newline). Returns false when the buffer has no room (counted). */
    write(line: string): boolean {
        const bytes = line.length + 1
        if (this.backlog + bytes > this.bufferBytes) {
            this.droppedLines++
            return false
        }
        this.queue.push(line)
        this.backlog += bytes
        if (this.backlog > this.maxBacklogBytes) this.maxBacklogBytes = this.backlog
        if (this.queue.length - this.head === 1) {
            const start = Math.max(this.nowNs(), this.busyUntilNs)
            this.busyUntilNs = start + this.byteTimeNs(bytes)
            this.schedule(this.busyUntilNs)
        }
        return true
    }

    /** The UART's agent acts: the line in the shift register is out. Returns when the next one ends, or NEVER. */
    complete(): number {
        const line = this.queue[this.head++]
        const bytes = line.length + 1
        this.backlog -= bytes
        this.sentLines++
        this.sentBytes += bytes
        this.onLine(line, this.busyUntilNs)
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
            this.queue = this.queue.slice(this.head)
            this.head = 0
        }
        if (this.head === this.queue.length) return NEVER
        this.busyUntilNs += this.byteTimeNs(this.queue[this.head].length + 1)
        return this.busyUntilNs
    }

    /** Bytes waiting (including the line being sent). */
    backlogBytes(): number {
        return this.backlog
    }
}
