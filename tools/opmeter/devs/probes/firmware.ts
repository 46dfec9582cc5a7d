/**
 * The firmware's own cost: opcodes of the port's fiber slices over a window of time, under a
 * stimulus, measured exactly (tools/opmeter/firmware-load.ts puts the pieces together).
 *
 * The port runs on its `stepped` schedule (no VM fibers): a driver here plays the runtime's
 * part, one millisecond at a time: it sets the clock and the virtual pins (the stimulus, as the
 * pin scan would read them), then runs the slices that are due: the timer fiber's, the pin
 * scan's, each woken DPC fiber's, the printer's. To count only the firmware's opcodes:
 *
 *   1. set-up: a first firmware runs the window live and the driver records which slices it
 *      ran (a byte each); a second one runs live up to the window's start;
 *   2. the measured slice replays the recorded window on the second firmware, each slice called
 *      through the same wrapper: `window(.., true)` calls the port's slices, `window(.., false)`
 *      calls empty ones on a dummy (the driver's own work, the same in both);
 *   3. the host takes the difference, adds back the empty slices' returns, and adds each fiber
 *      loop's own opcodes around its slice (from the bytecode).
 *
 * The stimulus is a buffer of 3-byte changes: the millisecond (u16) and pin << 1 | level (u8),
 * in time order, levels as the scan reads them that millisecond.
 */
import * as ds from "@devicescript/core"
import { Firmware } from "../../../../src/app/firmware"
import { ManualClock } from "../../../../src/kernel/index"
import { BOARD } from "../../../../src/port/board.generated"
import { DevicePort, PortSteps } from "../../../../src/port/device-port"
import { Probe, report } from "../harness"

const K_MS = 0
const K_TIMER = 1
const K_SCAN = 2
const K_PRINT = 3
/** + 2 x thread index: a DPC fiber's slice that ran a DPC; + 1 more: one that found nothing and parked. */
const K_DPC = 4

/** A port's `stepped` slices, or nothing (the driver's own cost, `window(.., false)`). */
class Slices {
    constructor(private steps: PortSteps) {}
    timer(nowMs: number): number {
        return this.steps.timer(nowMs)
    }
    scan(): void {
        this.steps.scan()
    }
    dpc(i: number): boolean {
        return this.steps.dpc(i)
    }
    printer(): number {
        return this.steps.printer()
    }
}

class NoSlices {
    timer(nowMs: number): number {
        return 0
    }
    scan(): void {}
    dpc(i: number): boolean {
        return false
    }
    printer(): number {
        return 0
    }
}

/** A firmware on a stepped port, and what the driver knows of its fibers. */
class Run {
    readonly clock = new ManualClock()
    readonly port: DevicePort
    ms = -1
    private at = 0
    timerAt = 0
    printerAt = 0
    scanAt = 0
    /** The ms each DPC fiber sleeps until after a run. */
    readonly sleepUntil: number[] = []

    constructor(private stimulus: ds.Buffer) {
        this.port = new DevicePort({ board: BOARD, pins: "virtual", schedule: "stepped", clock: this.clock })
        this.port.start(new Firmware())
        for (let i = 0; i < this.port.kernel.threads.length; i++) this.sleepUntil.push(0)
    }

    /** The runtime's part at a new millisecond: the clock and the pins (the same work however the slices are counted). */
    nextMs(): void {
        this.ms++
        this.clock.setNs(this.ms * 1000000)
        const s = this.stimulus
        const vp = this.port.virtualPins
        while (this.at < s.length && s.getAt(this.at, "u16") === this.ms) {
            const b = s.getAt(this.at + 2, "u8")
            vp.setLevel(b >> 1, b & 1)
            this.at += 3
        }
    }

    /** Runs one millisecond live, each slice as the runtime would run it; `log` records them. */
    live(log: ds.Buffer, logAt: number): number {
        const steps = this.port.steps
        this.nextMs()
        let n = logAt
        if (log !== null && n + 8 + 2 * this.sleepUntil.length > log.length) throw new Error("firmware probe: the slice log is full")
        if (log !== null) log.setAt(n++, "u8", K_MS)
        if (this.ms >= this.timerAt) {
            const w = steps.timer(this.ms)
            this.timerAt = w < 0 ? 1e9 : this.ms + w
            if (log !== null) log.setAt(n++, "u8", K_TIMER)
        }
        if (this.ms >= this.scanAt) {
            steps.scan()
            this.scanAt = this.ms + this.port.scan.sleepMs
            if (log !== null) log.setAt(n++, "u8", K_SCAN)
        }
        const threads = this.sleepUntil.length
        let ran = true
        while (ran) {
            ran = false
            for (let i = 0; i < threads; i++) {
                if (!steps.dpcDue(i) || this.sleepUntil[i] > this.ms) continue
                const did = steps.dpc(i)
                if (did) this.sleepUntil[i] = this.ms + 1
                ran = true
                if (log !== null) log.setAt(n++, "u8", K_DPC + 2 * i + (did ? 0 : 1))
            }
        }
        if (this.ms >= this.printerAt) {
            const w = steps.printer()
            this.printerAt = w < 0 ? 1e9 : this.ms + w
            if (log !== null) log.setAt(n++, "u8", K_PRINT)
        }
        return n
    }

    /** Replays recorded slices through `slices` (the measured part). */
    replay(log: ds.Buffer, length: number, slices: Slices | NoSlices): void {
        for (let k = 0; k < length; k++) {
            const kind = log.getAt(k, "u8")
            if (kind === K_MS) this.nextMs()
            else if (kind === K_SCAN) slices.scan()
            else if (kind === K_TIMER) slices.timer(this.ms)
            else if (kind === K_PRINT) slices.printer()
            else slices.dpc((kind - K_DPC) >> 1)
        }
    }
}

/**
 * The firmware's slices from ms `fromMs` to `toMs` under `stimulus` (see the file comment);
 * `real` false: the driver alone. Reports the window's slice counts and the fibers' wakes.
 */
export function window(stimulus: ds.Buffer, fromMs: number, toMs: number, real: boolean): Probe {
    const log = ds.Buffer.alloc(6 * (toMs - fromMs) + 64)
    let length = 0
    let run: Run = null
    let slices: Slices | NoSlices = null
    return {
        setup: async () => {
            let first = new Run(stimulus)
            for (let ms = 0; ms < toMs; ms++) {
                if (ms < fromMs) first.live(null, 0)
                else length = first.live(log, length)
                if (ms % 4 === 3) await ds.sleep(0)
            }
            first.port.stop()
            const wakesAfter = sum(first.port.fibers.wakes)
            first = null // the heap holds one firmware at a time
            await ds.sleep(0)
            run = new Run(stimulus)
            for (let ms = 0; ms < fromMs; ms++) {
                run.live(null, 0)
                if (ms % 4 === 3) await ds.sleep(0)
            }
            slices = real ? new Slices(run.port.steps) : new NoSlices()
            const counts: number[] = []
            for (let k = 0; k < K_DPC + 2 * run.sleepUntil.length; k++) counts.push(0)
            for (let k = 0; k < length; k++) counts[log.getAt(k, "u8")]++
            report({ slices: counts, wakes: wakesAfter - sum(run.port.fibers.wakes) })
        },
        body: () => {
            run.replay(log, length, slices)
        },
    }
}

function sum(xs: number[]): number {
    let n = 0
    for (let i = 0; i < xs.length; i++) n += xs[i]
    return n
}

/** A firmware on a stepped port, run live for `ms` with no stimulus. */
function warmFirmware(ms: number): () => Promise<void> {
    return async () => {
        warm = new Run(hex``)
        for (let i = 0; i < ms; i++) {
            warm.live(null, 0)
            if (i % 4 === 3) await ds.sleep(0)
        }
        warm.nextMs()
    }
}

let warm: Run = null

/** The pin scan's slice with no pin changed. */
export function scanIdle(): Probe {
    return { setup: warmFirmware(300), body: () => warm.port.steps.scan() }
}

/** The pin scan's slice that finds the tach pin risen: the GPIO bank's ISRs run and request tach.edge. */
export function scanTachRise(): Probe {
    return {
        setup: async () => {
            await warmFirmware(300)()
            warm.port.virtualPins.setLevel(BOARD.wiring["tach"], 1)
        },
        body: () => warm.port.steps.scan(),
    }
}

/** tach.edge's run of a full batch: 32 rising edges, 2 ms apart, seen by the scan (all between the kernel's ticks at 200 and 400 ms). */
export function tachEdgeBatch(): Probe {
    return {
        setup: async () => {
            await warmFirmware(300)()
            const tach = BOARD.wiring["tach"]
            const vp = warm.port.virtualPins
            for (let k = 0; k < 31; k++) {
                vp.setLevel(tach, 1)
                warm.port.steps.scan()
                for (let i = 0; i < 2; i++) {
                    warm.nextMs()
                    if (i === 0) {
                        vp.setLevel(tach, 0)
                        warm.port.steps.scan()
                    }
                }
            }
            vp.setLevel(tach, 1)
            warm.port.steps.scan()
        },
        body: () => warm.port.steps.dpc(0),
    }
}

/** The timer fiber's slice at a tick of the firmware's 20 ms alarm that is not a tenth (only the sampler samples). */
export function timerTick(): Probe {
    return {
        setup: async () => {
            await warmFirmware(320)()
        },
        body: () => warm.port.steps.timer(warm.ms),
    }
}

/** The timer fiber's slice at every tenth tick (200 ms): the tach gate and the heartbeat's step too. */
export function timerTick10(): Probe {
    return {
        setup: async () => {
            await warmFirmware(400)()
        },
        body: () => warm.port.steps.timer(warm.ms),
    }
}

/** sampler.sample's run of 9 samples (the ticks from 420 to 580 ms; the tenth, at 600 ms, would wake it with the beat). */
export function samplerBatch(): Probe {
    return {
        setup: async () => {
            await warmFirmware(400)()
            for (let i = 0; i < 9; i++) {
                for (let k = 0; k < 20; k++) warm.nextMs()
                warm.port.steps.timer(warm.ms)
            }
        },
        body: () => {
            warm.port.steps.dpc(0)
        },
    }
}

/**
 * A warm firmware whose scan has seen the tach pin rise (tach.edge queued), then `levels` more:
 * each set one millisecond after the last, the scan run in between; the last one is left for
 * the measured scan to find.
 */
function tachLevels(levels: number[]): () => Promise<void> {
    return async () => {
        await warmFirmware(300)()
        const tach = BOARD.wiring["tach"]
        const vp = warm.port.virtualPins
        vp.setLevel(tach, 1)
        for (let i = 0; i < levels.length; i++) {
            warm.port.steps.scan()
            warm.nextMs()
            vp.setLevel(tach, levels[i])
        }
    }
}

/** The pin scan's slice that finds the tach pin risen again while tach.edge is still queued: the request coalesces. */
export function scanTachRiseQueued(): Probe {
    return { setup: tachLevels([0, 1]), body: () => warm.port.steps.scan() }
}

/** The pin scan's slice that finds the tach pin fallen (tach counts rising edges: no request). */
export function scanTachFall(): Probe {
    return { setup: tachLevels([0]), body: () => warm.port.steps.scan() }
}

/** The GPIO bank line raised for a tach rise directly (no scan) while tach.edge is queued. */
export function raiseTachQueued(): Probe {
    return {
        setup: async () => {
            await scanTachRiseQueued().setup()
        },
        body: () => warm.port.gpioLine.raiseAt(0, BOARD.wiring["tach"], 1, 5),
    }
}
