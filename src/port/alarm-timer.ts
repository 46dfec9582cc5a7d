import * as ds from "@devicescript/core"
import { InterruptLine } from "../kernel/index"

/**
 * The timer alarms of the DeviceScript port, driven by one fiber that sleeps (`ds.suspend`) until
 * the earliest armed deadline. Every alarm fire reaches the kernel through one entry point,
 * `fire(index)` (the fiber and the test hooks alike), which raises the alarm's line with
 * status = index and value = the number of times the alarm has fired.
 *
 * Deadlines are absolute, in whole milliseconds (`ds.millis()` is the finest clock the runtime
 * offers), so a periodic alarm does not drift; a fire that comes later than one whole period
 * does not fire twice: the skipped periods are counted in `missed`.
 */
export class AlarmTimer {
    private lines: InterruptLine[] = []
    private cores: number[] = []
    private armed: boolean[] = []
    private nextMs: number[] = []
    private periodMs: number[] = []
    /** Fires and skipped periods per alarm. */
    readonly fires: number[] = []
    readonly missed: number[] = []
    private fiber: ds.Fiber = null
    private running = false

    constructor(readonly count: number) {
        for (let i = 0; i < count; i++) {
            this.lines.push(null)
            this.cores.push(0)
            this.armed.push(false)
            this.nextMs.push(0)
            this.periodMs.push(0)
            this.fires.push(0)
            this.missed.push(0)
        }
    }

    private check(index: number, what: string): void {
        if (!(index >= 0 && index < this.count && Math.floor(index) === index))
            throw new Error(`${what}: alarm ${index} does not exist (this board has alarms 0-${this.count - 1})`)
    }

    /** Routes alarm `index` to `line` on `core`. Set-up time. */
    attach(index: number, line: InterruptLine, core: number): void {
        this.check(index, "watchAlarm")
        if (this.lines[index] !== null) throw new Error(`watchAlarm: alarm ${index} is already watched`)
        this.lines[index] = line
        this.cores[index] = core
    }

    isAttached(index: number): boolean {
        return this.lines[index] !== null && this.lines[index] !== undefined
    }

    /** Arms alarm `index`: first after `delayUs`, then every `periodUs` (> 0), rounded up to whole ms. */
    arm(index: number, delayUs: number, periodUs: number): void {
        this.check(index, "armAlarm")
        if (!(delayUs >= 0)) throw new Error(`armAlarm: alarm ${index}: delay must be >= 0 us, got ${delayUs}`)
        if (!(periodUs >= 0)) throw new Error(`armAlarm: alarm ${index}: period must be >= 0 us, got ${periodUs}`)
        this.armed[index] = true
        this.nextMs[index] = ds.millis() + Math.ceil(delayUs / 1000)
        this.periodMs[index] = periodUs > 0 ? Math.max(1, Math.ceil(periodUs / 1000)) : 0
        this.poke()
    }

    disarm(index: number): void {
        this.check(index, "disarmAlarm")
        this.armed[index] = false
    }

    /** The alarm's interrupt: counts the fire and raises its line (runs the ISRs now). */
    fire(index: number): void {
        this.check(index, "fire")
        this.fires[index]++
        const line = this.lines[index]
        if (line !== null) line.raise(this.cores[index], index, this.fires[index])
    }

    /** Fires every armed alarm whose deadline is at or before `nowMs`; re-arms the periodic ones. */
    runDue(nowMs: number): void {
        for (let i = 0; i < this.count; i++) {
            if (!this.armed[i] || this.nextMs[i] > nowMs) continue
            const period = this.periodMs[i]
            if (period > 0) {
                let next = this.nextMs[i] + period
                if (next <= nowMs) {
                    const skipped = Math.floor((nowMs - next) / period) + 1
                    this.missed[i] += skipped
                    next += skipped * period
                }
                this.nextMs[i] = next
            } else this.armed[i] = false
            this.fire(i)
        }
    }

    /** Milliseconds until the earliest armed deadline, or -1 when nothing is armed. */
    msUntilNext(nowMs: number): number {
        let best = -1
        for (let i = 0; i < this.count; i++) {
            if (!this.armed[i]) continue
            const d = this.nextMs[i] - nowMs
            const w = d > 0 ? d : 0
            if (best < 0 || w < best) best = w
        }
        return best
    }

    /** Starts the timer fiber (not started in manual mode: tests fire alarms through hooks). */
    start(): void {
        if (this.running) return
        this.running = true
        this.fiber = timerLoop.start(this)
    }

    stop(): void {
        if (this.fiber !== null) this.fiber.terminate()
        this.fiber = null
        this.running = false
    }

    private poke(): void {
        if (this.fiber !== null && this.fiber.suspended) this.fiber.resume(null)
    }
}

async function timerLoop(timer: AlarmTimer) {
    while (true) {
        const wait = timer.msUntilNext(ds.millis())
        if (wait !== 0) await ds.suspend(wait < 0 ? undefined : wait)
        timer.runDue(ds.millis())
        // Let the DPC fibers the ISRs woke run before the next deadline is computed.
        await ds.sleep(0)
    }
}
