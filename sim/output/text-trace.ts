/**
 * A plain-text trace, one line per thing that happened, for tests and for reading by eye:
 *
 *     1200ns gpio14=0
 *     1200ns core0 isr IO_IRQ_BANK0 begin
 *     2400ns core0 isr IO_IRQ_BANK0 end events=1
 *     4800ns core0.0 dpc debounce begin batch=1
 *     23200ns core0.0 dpc debounce end
 */
import { Recorder } from "../model/recorder"

export class TextTrace implements Recorder {
    readonly lines: string[] = []
    constructor(private withUart = false) {}
    pin(pin: number, level: number, ns: number): void {
        this.lines.push(`${ns}ns gpio${pin}=${level}`)
    }
    isrBegin(core: number, line: string, ns: number): void {
        this.lines.push(`${ns}ns core${core} isr ${line} begin`)
    }
    isrEnd(core: number, line: string, ns: number, events: number): void {
        this.lines.push(`${ns}ns core${core} isr ${line} end events=${events}`)
    }
    dpcBegin(core: number, thread: number, _ti: number, dpc: string, ns: number, batch: number): void {
        this.lines.push(`${ns}ns core${core}.${thread} dpc ${dpc} begin batch=${batch}`)
    }
    dpcEnd(core: number, thread: number, _ti: number, dpc: string, ns: number): void {
        this.lines.push(`${ns}ns core${core}.${thread} dpc ${dpc} end`)
    }
    uart(line: string, ns: number): void {
        if (this.withUart) this.lines.push(`${ns}ns uart ${line}`)
    }
    /** The lines that contain every one of `words`. */
    grep(...words: string[]): string[] {
        return this.lines.filter(l => words.every(w => l.includes(w)))
    }
}
