/**
 * Chrome / Perfetto trace JSON (the "JSON trace event format"; open it in ui.perfetto.dev or
 * chrome://tracing). Tracks:
 *   - process "cores": one track per core with its ISR slices nested inside the DPC slices they
 *     preempted;
 *   - process "DPC threads": one track per DPC thread with its DPC runs;
 *   - process "UART": the transmission of each diagnostics line;
 *   - process "GPIO": a counter per pin with its level.
 * Times are microseconds with nanosecond digits. Events are written as they complete, in
 * virtual-time order of completion, straight to the file; the same run writes the same bytes.
 * After `limit` events the trace stops growing and says so in its metadata.
 */
import { Recorder } from "../model/recorder"
import { BufferedFile } from "./buffered-file"

const PID_CORES = 1
const PID_THREADS = 2
const PID_UART = 3
const PID_GPIO = 4

function ts(ns: number): string {
    const whole = Math.floor(ns / 1000)
    const frac = ns - whole * 1000
    return frac === 0 ? `${whole}` : `${whole}.${String(frac).padStart(3, "0").replace(/0+$/, "")}`
}

/** Events a trace holds at most (about 300 MB of JSON); past it the trace says it was truncated. */
export const TRACE_LIMIT_EVENTS = 2_000_000

export class ChromeTrace implements Recorder {
    private file: BufferedFile
    private first = true
    events = 0
    truncated = false
    private isrStart: number[][] = []
    private dpcStart: number[] = []

    constructor(flag: string, readonly path: string, private uartBaud: number, private limit = TRACE_LIMIT_EVENTS) {
        this.file = new BufferedFile(flag, path)
        this.raw('{"displayTimeUnit":"ns","traceEvents":[\n')
    }

    /** Names the tracks; call once the board exists. */
    describe(board: string, cores: number, threads: { index: number; core: number; thread: number }[]): void {
        this.meta(PID_CORES, 0, "process_name", `${board} cores`)
        for (let c = 0; c < cores; c++) {
            this.meta(PID_CORES, c, "thread_name", `core ${c}`)
            this.isrStart.push([])
        }
        this.meta(PID_THREADS, 0, "process_name", "DPC threads")
        for (const t of threads) this.meta(PID_THREADS, t.index, "thread_name", `core ${t.core} thread ${t.thread}`)
        this.meta(PID_UART, 0, "process_name", "UART")
        this.meta(PID_GPIO, 0, "process_name", "GPIO")
    }

    private raw(s: string): void {
        this.file.write(s)
    }

    private emit(json: string): void {
        if (this.events >= this.limit) {
            this.truncated = true
            return
        }
        this.events++
        this.raw((this.first ? "" : ",\n") + json)
        this.first = false
    }

    private meta(pid: number, tid: number, kind: string, name: string): void {
        this.emit(`{"name":"${kind}","ph":"M","pid":${pid},"tid":${tid},"args":{"name":${JSON.stringify(name)}}}`)
    }

    private slice(name: string, cat: string, pid: number, tid: number, startNs: number, endNs: number, args: string): void {
        this.emit(`{"name":${JSON.stringify(name)},"cat":"${cat}","ph":"X","pid":${pid},"tid":${tid},"ts":${ts(startNs)},"dur":${ts(endNs - startNs)},"args":{${args}}}`)
    }

    pin(pin: number, level: number, ns: number): void {
        this.emit(`{"name":"GPIO${pin}","ph":"C","pid":${PID_GPIO},"tid":0,"ts":${ts(ns)},"args":{"level":${level}}}`)
    }

    isrBegin(core: number, _line: string, ns: number): void {
        this.isrStart[core].push(ns)
    }

    isrEnd(core: number, line: string, ns: number, events: number): void {
        const start = this.isrStart[core].pop() as number
        this.slice(line, "isr", PID_CORES, core, start, ns, `"events":${events}`)
    }

    dpcBegin(_core: number, _thread: number, threadIndex: number, _dpc: string, ns: number, _batch: number): void {
        this.dpcStart[threadIndex] = ns
    }

    dpcEnd(core: number, thread: number, threadIndex: number, dpc: string, ns: number): void {
        const start = this.dpcStart[threadIndex]
        this.slice(dpc, "dpc", PID_CORES, core, start, ns, `"thread":${thread}`)
        this.slice(dpc, "dpc", PID_THREADS, threadIndex, start, ns, `"core":${core}`)
    }

    uart(line: string, ns: number): void {
        const start = ns - Math.ceil(((line.length + 1) * 10 * 1e9) / this.uartBaud)
        this.slice(line.startsWith("$DPC,") ? line.split(",")[1] : "text", "uart", PID_UART, 0, start, ns, `"line":${JSON.stringify(line)}`)
    }

    /** Writes the end of the file and closes it. */
    close(): void {
        this.raw(`\n],"otherData":{"generator":"dpc-sim","events":${this.events},"truncated":${this.truncated}}}\n`)
        this.file.close()
    }

    /** Throws the file away (the target is left as it was). */
    abort(): void {
        this.file.abort()
    }
}
