/**
 * VCD waveform (IEEE 1364 value change dump; opens in GTKWave, PulseView, Surfer) of the GPIO
 * pins and of each core's activity: `isr` (an ISR is running), `dpc` (a DPC run is in
 * progress, preempted or not), `dpc_id` (1 + the kernel index of that DPC, 0 when none), and
 * one `run` wire per DPC thread. Timescale 1 ns. Value changes go straight to the file as the
 * model makes them (virtual time never goes back).
 *
 * A waveform is capped at `limitBytes` (VCD_LIMIT_BYTES, 100 MiB: a busy board writes about
 * 15 MB per simulated second): at the first time step past it the dump ends with a `$comment`
 * saying so, and `truncatedAtNs` tells the report where. Shorten the run (--duration-ms) to see
 * all of it.
 */
import { Recorder } from "../model/recorder"
import { BufferedFile } from "./buffered-file"

/** Short VCD identifiers: printable ASCII 33..126, in base 94. */
function vcdId(n: number): string {
    let s = ""
    do {
        s += String.fromCharCode(33 + (n % 94))
        n = Math.floor(n / 94)
    } while (n > 0)
    return s
}

export interface VcdSignals {
    board: string
    pins: { pin: number; level: number }[]
    cores: number
    threads: { index: number; core: number; thread: number }[]
    dpcs: string[]
}

export const VCD_LIMIT_BYTES = 100 * 1024 * 1024

export class VcdWriter implements Recorder {
    private file: BufferedFile
    private lastNs = -1
    private pinId = new Map<number, string>()
    private isrId: string[] = []
    private dpcId: string[] = []
    private dpcIdxId: string[] = []
    private threadId: string[] = []
    private isrDepth: number[] = []
    private dpcIndex = new Map<string, number>()
    private started = false
    /** Changes made before the header was written (during set-up, at time 0). */
    private early: { pin: number; level: number }[] = []
    /** Where the dump stopped at the size limit (ns), or -1. */
    truncatedAtNs = -1

    constructor(flag: string, readonly path: string, private limitBytes = VCD_LIMIT_BYTES) {
        this.file = new BufferedFile(flag, path)
    }

    /** Writes the header and the initial values; call once the board exists, before it runs. */
    start(sig: VcdSignals): void {
        let n = 0
        const lines: string[] = ["$date devs-dpc simulation $end", "$version dpc-sim $end", "$timescale 1ns $end", `$scope module ${sig.board.replace(/[^A-Za-z0-9_]/g, "_")} $end`]
        lines.push("$scope module gpio $end")
        for (const p of sig.pins) {
            const id = vcdId(n++)
            this.pinId.set(p.pin, id)
            lines.push(`$var wire 1 ${id} gpio${p.pin} $end`)
        }
        lines.push("$upscope $end")
        for (let c = 0; c < sig.cores; c++) {
            lines.push(`$scope module core${c} $end`)
            this.isrId.push(vcdId(n++))
            this.dpcId.push(vcdId(n++))
            this.dpcIdxId.push(vcdId(n++))
            this.isrDepth.push(0)
            lines.push(`$var wire 1 ${this.isrId[c]} isr $end`, `$var wire 1 ${this.dpcId[c]} dpc $end`, `$var integer 32 ${this.dpcIdxId[c]} dpc_id $end`)
            for (const t of sig.threads.filter(t => t.core === c)) {
                this.threadId[t.index] = vcdId(n++)
                lines.push(`$var wire 1 ${this.threadId[t.index]} thread${t.thread}_run $end`)
            }
            lines.push("$upscope $end")
        }
        lines.push("$upscope $end", "$enddefinitions $end")
        sig.dpcs.forEach((d, i) => this.dpcIndex.set(d, i + 1))
        lines.push("#0", "$dumpvars")
        const level = new Map(sig.pins.map(p => [p.pin, p.level]))
        for (const e of this.early) level.set(e.pin, e.level)
        for (const p of sig.pins) lines.push(`${level.get(p.pin)}${this.pinId.get(p.pin)}`)
        for (let c = 0; c < sig.cores; c++) lines.push(`0${this.isrId[c]}`, `0${this.dpcId[c]}`, `b0 ${this.dpcIdxId[c]}`)
        for (const t of sig.threads) lines.push(`0${this.threadId[t.index]}`)
        lines.push("$end")
        this.write(lines.join("\n") + "\n")
        this.lastNs = 0
        this.started = true
    }

    private write(s: string): void {
        if (this.truncatedAtNs < 0) this.file.write(s)
    }

    private at(ns: number): void {
        if (ns !== this.lastNs) {
            if (this.truncatedAtNs < 0 && this.file.written >= this.limitBytes) {
                this.write(`#${ns}\n$comment dpc-sim: the waveform stops here, at ${ns} ns: it reached its ${this.limitBytes}-byte limit $end\n`)
                this.truncatedAtNs = ns
            }
            this.write(`#${ns}\n`)
            this.lastNs = ns
        }
    }

    pin(pin: number, level: number, ns: number): void {
        if (!this.started) {
            this.early.push({ pin, level })
            return
        }
        const id = this.pinId.get(pin)
        if (id === undefined) return
        this.at(ns)
        this.write(`${level}${id}\n`)
    }

    isrBegin(core: number, _line: string, ns: number): void {
        if (this.isrDepth[core]++ === 0) {
            this.at(ns)
            this.write(`1${this.isrId[core]}\n`)
        }
    }

    isrEnd(core: number, _line: string, ns: number): void {
        if (--this.isrDepth[core] === 0) {
            this.at(ns)
            this.write(`0${this.isrId[core]}\n`)
        }
    }

    dpcBegin(core: number, _thread: number, threadIndex: number, dpc: string, ns: number): void {
        this.at(ns)
        const idx = this.dpcIndex.get(dpc) ?? 0
        this.write(`1${this.dpcId[core]}\nb${idx.toString(2)} ${this.dpcIdxId[core]}\n1${this.threadId[threadIndex]}\n`)
    }

    dpcEnd(core: number, _thread: number, threadIndex: number, _dpc: string, ns: number): void {
        this.at(ns)
        this.write(`0${this.dpcId[core]}\nb0 ${this.dpcIdxId[core]}\n0${this.threadId[threadIndex]}\n`)
    }

    uart(): void {}

    /** Ends the dump at `endNs` and closes the file. */
    close(endNs: number): void {
        if (endNs > this.lastNs) this.write(`#${endNs}\n`)
        this.file.close()
    }

    /** Throws the file away (the target is left as it was). */
    abort(): void {
        this.file.abort()
    }
}
