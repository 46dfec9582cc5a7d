/**
 * The DeviceScript VM on its core: one thread that runs fibers one slice at a time, as the
 * runtime does (devicescript runtime/devicescript/fibers.c):
 *
 *   - the runtime wakes the VM ("pokes" it) at its wake ticks, every `wakeMs` ms of the board
 *     (RP2040: the 1 ms tick alarm; ESP32 family: a periodic 10 ms timer), or at once when a
 *     fiber is due when a pass ends;
 *   - a poke syncs the VM's clock (whole ms, `ds.millis()`) and runs the first due fiber of its
 *     list, newest fiber first; each slice syncs the clock again at its start and runs to its
 *     `await` (nothing preempts it); then the next due fiber, judged by the clock of the last
 *     slice's start, until none is due;
 *   - then the runtime's main loop makes one pass: it drains its log (runtime-log.ts) and sleeps
 *     until the next wake tick at or after the earliest fiber's wake time.
 *
 * A slice takes its opcodes x the board's ns per opcode, of kernel or plain code as the path
 * is (the calibration gives the opcodes, costs.ts). Time in the VM is the board's virtual time; the VM is one agent of the agenda,
 * acting at each slice's end and at each wake.
 */
import { Recorder } from "../../model/recorder"
import { SliceMeter } from "./costs"

/** What a slice is, for the accounting and the trace. */
export type SliceKind = "scan" | "timer" | "dpc" | "printer"
export const SLICE_KINDS: SliceKind[] = ["scan", "timer", "dpc", "printer"]

/** Never due (suspended with no time). */
const NEVER = Number.POSITIVE_INFINITY
/** Due at once (a resumed fiber: the runtime sets its wake time in the past). */
const NOW = Number.NEGATIVE_INFINITY

/** A fiber: its slice, and when it is due (ms of the VM's clock). */
export abstract class Fiber {
    /** Due when wakeMs <= the VM's clock. */
    wakeMs = 0
    /** Parked by `ds.suspend` (a resume makes it due at once). */
    suspended = false
    constructor(readonly name: string, readonly kind: SliceKind) {}
    /** Runs one slice (its code, at the VM's frozen clock); it ends by sleeping or suspending through the VM. */
    abstract slice(vm: Vm): void
    /** What the trace shows for the slice just run ("" for none): a slice on the VM's core, and the events it raised. */
    label = ""
    events = 0
    traceBegin(r: Recorder, core: number, ns: number): void {
        if (this.label !== "") r.isrBegin(core, this.label, ns)
    }
    traceEnd(r: Recorder, core: number, ns: number): void {
        if (this.label !== "") r.isrEnd(core, this.label, ns, this.events)
    }
}

export interface VmOptions {
    wakeMs: number
    /** ns per opcode of kernel code and of plain code (the board's opcodeNs). */
    opcodeNs: { kernel: number; plain: number }
    meter: SliceMeter
    /** The core the VM runs on (for the trace). */
    core: number
    recorder: Recorder | null
    /** Called at each return to the runtime's main loop (drain the log). */
    onPass: () => void
    /** Schedules the VM's agent at an absolute time. */
    schedule: (ns: number) => void
    nowNs: () => number
}

export class Vm {
    /** The fibers, newest first (the runtime's list order). */
    private fibers: Fiber[] = []
    /** The VM's clock, whole ms, as synced at the poke and at each slice's start. */
    syncedMs = 0
    private inPoke = false
    /** The slice running, its kind and end (ns). */
    private running: Fiber | null = null
    private sliceEndNs = 0
    private lastNs = 0
    /** Busy time per slice kind (ns), and idle. */
    readonly busyNs: { [kind: string]: number } = { scan: 0, timer: 0, dpc: 0, printer: 0 }
    idleNs = 0
    /** Opcodes run per slice kind, and slices run. */
    readonly opcodes: { [kind: string]: number } = { scan: 0, timer: 0, dpc: 0, printer: 0 }
    readonly slices: { [kind: string]: number } = { scan: 0, timer: 0, dpc: 0, printer: 0 }
    /** Pokes (wake-ups that ran fibers or found none), and returns to the main loop. */
    pokes = 0
    passes = 0
    /** The longest slice (ns). */
    maxSliceNs = 0

    constructor(private o: VmOptions) {}

    /** Starts a fiber (Function.start): at the head of the list, due now. */
    start(f: Fiber): void {
        this.fibers.unshift(f)
        f.wakeMs = this.syncedMs
        f.suspended = false
    }

    /** `await ds.sleep(ms)` at the end of the current slice. */
    sleep(f: Fiber, ms: number): void {
        f.wakeMs = this.syncedMs + ms
        f.suspended = false
    }

    /** `await ds.suspend(ms)` (no ms: until resumed). */
    suspend(f: Fiber, ms?: number): void {
        f.wakeMs = ms === undefined ? NEVER : this.syncedMs + ms
        f.suspended = true
    }

    /** `fiber.resume()`: a suspended fiber is due at once. */
    resume(f: Fiber): void {
        if (!f.suspended) return
        f.suspended = false
        f.wakeMs = NOW
    }

    /** The first due fiber, newest first; null when none is due at the VM's clock. */
    private due(): Fiber | null {
        const now = this.syncedMs
        for (const f of this.fibers) if (f.wakeMs <= now) return f
        return null
    }

    /** Accounts the time to `now` to the slice running, or to idle. */
    advance(now: number): void {
        if (now <= this.lastNs) return
        if (this.running !== null) this.busyNs[this.running.kind] += Math.min(now, this.sliceEndNs) - this.lastNs
        else this.idleNs += now - this.lastNs
        this.lastNs = now
    }

    /** The VM's agent acts: a slice ended, or a wake tick came. */
    act(): void {
        const now = this.o.nowNs()
        this.advance(now)
        if (this.running !== null) {
            this.endSlice(this.running, now)
            this.running = null
        }
        if (!this.inPoke) {
            this.inPoke = true
            this.pokes++
            this.syncedMs = Math.floor(now / 1e6)
        }
        const f = this.due()
        if (f !== null) {
            this.run(f, now)
            return
        }
        this.inPoke = false
        this.passes++
        this.o.onPass()
        const next = this.nextWakeNs()
        if (next !== NEVER) this.o.schedule(Math.max(now, next))
    }

    /** When the runtime wakes next: the first wake tick at or after the earliest fiber's wake time. */
    private nextWakeNs(): number {
        let w = NEVER
        for (const f of this.fibers) if (f.wakeMs < w) w = f.wakeMs
        if (w === NEVER) return NEVER
        const tick = this.o.wakeMs * 1e6
        return Math.ceil((Math.max(0, w) * 1e6) / tick) * tick
    }

    private run(f: Fiber, now: number): void {
        this.syncedMs = Math.floor(now / 1e6)
        f.label = ""
        f.events = 0
        this.o.meter.take()
        f.slice(this)
        const taken = this.o.meter.take()
        const ops = taken.kernel + taken.plain
        const ns = Math.ceil(taken.kernel * this.o.opcodeNs.kernel + taken.plain * this.o.opcodeNs.plain)
        this.opcodes[f.kind] += ops
        this.slices[f.kind]++
        if (ns > this.maxSliceNs) this.maxSliceNs = ns
        this.running = f
        this.sliceEndNs = now + ns
        this.lastNs = now
        if (this.o.recorder !== null) f.traceBegin(this.o.recorder, this.o.core, now)
        this.o.schedule(now + ns)
    }

    private endSlice(f: Fiber, now: number): void {
        if (this.o.recorder !== null) f.traceEnd(this.o.recorder, this.o.core, now)
    }

    /** Busy time of all slices (ns). */
    busy(): number {
        let n = 0
        for (const k of SLICE_KINDS) n += this.busyNs[k]
        return n
    }
}
