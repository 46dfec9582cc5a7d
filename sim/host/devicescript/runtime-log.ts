/**
 * The runtime's log (jacdac-c jd_dmesg.c): what the program prints goes into a ring buffer of
 * `capacityBytes`; the runtime's main loop drains it to the UART, `bytesPerPass` bytes each time
 * it returns there (each pass), and only once the UART has sent most of the previous chunk. A
 * VM that does not return to its main loop does not drain its log: lines wait, and once more
 * than the ring holds are waiting the oldest are overwritten, lost (counted in `lostLines`).
 */
import { Uart } from "../../model/uart"

export class RuntimeLog {
    private lines: string[] = []
    private head = 0
    /** Bytes of the head line already handed to the UART. */
    private sent = 0
    private waiting = 0
    lostLines = 0
    /** The most bytes ever waiting. */
    maxWaitingBytes = 0

    constructor(readonly capacityBytes: number, readonly bytesPerPass: number, private uart: Uart) {}

    /** A line printed (console.log), with its newline. */
    write(line: string): void {
        this.lines.push(line)
        this.waiting += line.length + 1
        while (this.waiting > this.capacityBytes) {
            // The ring overwrites the oldest text: that line is lost (even if partly sent, its end is).
            const old = this.lines[this.head++]
            this.waiting -= old.length + 1 - this.sent
            this.sent = 0
            this.lostLines++
        }
        if (this.waiting > this.maxWaitingBytes) this.maxWaitingBytes = this.waiting
        this.compact()
    }

    /** Bytes waiting to be drained. */
    waitingBytes(): number {
        return this.waiting
    }

    /** A pass of the runtime's main loop: up to bytesPerPass bytes to the UART, whole lines delivered as their last byte goes. */
    pass(): void {
        if (this.uart.backlogBytes() >= this.bytesPerPass) return
        let budget = this.bytesPerPass
        while (budget > 0 && this.head < this.lines.length) {
            const line = this.lines[this.head]
            const left = line.length + 1 - this.sent
            if (left > budget) {
                this.sent += budget
                this.waiting -= budget
                return
            }
            budget -= left
            this.waiting -= left
            this.sent = 0
            this.head++
            this.uart.write(line)
        }
        this.compact()
    }

    /** Hands every waiting line to the UART (the end of a run: the runtime's passes would go on). */
    flush(): void {
        while (this.head < this.lines.length) {
            const line = this.lines[this.head++]
            this.waiting -= line.length + 1 - this.sent
            this.sent = 0
            this.uart.write(line)
        }
        this.compact()
    }

    private compact(): void {
        if (this.head > 1024 && this.head * 2 > this.lines.length) {
            this.lines = this.lines.slice(this.head)
            this.head = 0
        }
    }
}
