import * as ds from "@devicescript/core"
import { Clock, InterruptLine } from "../kernel/index"

/** One timer alarm of the port: its line, and when it fires next. */
class Alarm {
    armed = false
    nextMs = 0
    /** 0: one-shot. */
    periodMs = 0
    fires = 0
    /** Periods skipped because the alarm fired more than a period late. */
    missed = 0
    constructor(readonly index: number, readonly line: InterruptLine, readonly core: number) {}
}

/**
 * The timer alarms of the DeviceScript port, and the kernel's tick (which runs `low` DPCs that
 * nothing else woke), driven by one fiber that sleeps (`ds.suspend`) until the earliest deadline.
 * Every alarm fire reaches the kernel through one entry point, `fire` (the fiber and the test
 * hooks alike), which raises the alarm's line with status = index and value = the number of
 * times the alarm has fired.
 *
 * Deadlines are absolute, in whole milliseconds of the port's clock (on a board ds.millis(), the
 * finest clock the runtime offers), so a periodic alarm does not drift; a fire that comes later
 * than one whole period does not fire twice: the skipped periods are counted in `missed`. The
 * fiber's slice is `step(nowMs)`: it looks only at the alarms an app attached.
 */
export class AlarmTimer {
    /** The attached alarms, by index (null: not attached), and in attach order. */
    private byIndex: Alarm[] = []
    private attached: Alarm[] = []
    /** The kernel's tick: called every tickMs (0: never). */
    private tick: () => void = noTick
    private tickMs = 0
    private nextTickMs = 0
    private fiber: ds.Fiber = null

    constructor(readonly count: number, private clock: Clock) {
        for (let i = 0; i < count; i++) this.byIndex.push(null)
    }

    private check(index: number, what: string): void {
        if (!(index >= 0 && index < this.count && Math.floor(index) === index))
            throw new Error(`${what}: alarm ${index} does not exist (this board has alarms 0-${this.count - 1})`)
    }

    private alarm(index: number, what: string): Alarm {
        this.check(index, what)
        const a = this.byIndex[index]
        if (a === null) throw new Error(`${what}: alarm ${index} is not watched by the app`)
        return a
    }

    /** Routes alarm `index` to `line` on `core`. Set-up time. */
    attach(index: number, line: InterruptLine, core: number): void {
        this.check(index, "watchAlarm")
        if (this.byIndex[index] !== null) throw new Error(`watchAlarm: alarm ${index} is already watched`)
        const a = new Alarm(index, line, core)
        this.byIndex[index] = a
        this.attached.push(a)
    }

    isAttached(index: number): boolean {
        const a = this.byIndex[index]
        return a !== null && a !== undefined
    }

    /** Fires and skipped periods of alarm `index` (tests, reports). */
    firesOf(index: number): number {
        return this.alarm(index, "firesOf").fires
    }
    missedOf(index: number): number {
        return this.alarm(index, "missedOf").missed
    }

    /** Calls `tick` every `periodMs` from `nowMs` on (the kernel's tick). Set-up time. */
    setTick(tick: () => void, periodMs: number, nowMs: number): void {
        if (!(periodMs >= 1 && Math.floor(periodMs) === periodMs)) throw new Error(`AlarmTimer: the tick period must be a whole number of ms >= 1, got ${periodMs}`)
        this.tick = tick
        this.tickMs = periodMs
        this.nextTickMs = nowMs + periodMs
    }

    /** The port clock's time in whole ms. */
    nowMs(): number {
        return Math.floor(this.clock.nowNs() / 1000000)
    }

    /** Arms alarm `index`: first after `delayUs`, then every `periodUs` (> 0), rounded up to whole ms. */
    arm(index: number, delayUs: number, periodUs: number): void {
        const a = this.alarm(index, "armAlarm")
        if (!(delayUs >= 0)) throw new Error(`armAlarm: alarm ${index}: delay must be >= 0 us, got ${delayUs}`)
        if (!(periodUs >= 0)) throw new Error(`armAlarm: alarm ${index}: period must be >= 0 us, got ${periodUs}`)
        a.armed = true
        a.nextMs = this.nowMs() + Math.ceil(delayUs / 1000)
        a.periodMs = periodUs > 0 ? Math.max(1, Math.ceil(periodUs / 1000)) : 0
        if (this.fiber !== null && this.fiber.suspended) this.fiber.resume(null)
    }

    disarm(index: number): void {
        this.alarm(index, "disarmAlarm").armed = false
    }

    /** Alarm `index` fires now (the test hook's entry: the same as the fiber's). */
    fireNow(index: number): void {
        this.fire(this.alarm(index, "injectAlarm"), this.clock.nowNs())
    }

    /** The alarm's interrupt: counts the fire and raises its line (runs the ISRs now), stamped `stampNs`. */
    private fire(a: Alarm, stampNs: number): void {
        const n = a.fires + 1
        a.fires = n
        a.line.raiseAt(a.core, a.index, n, stampNs)
    }

    /**
     * The timer fiber's slice: fires every attached alarm due at `nowMs` (re-arming the periodic
     * ones), runs the kernel's tick when due, and returns the ms until the next deadline (-1:
     * none).
     */
    step(nowMs: number): number {
        const list = this.attached
        let wait = -1
        for (let k = 0; k < list.length; k++) {
            const a = list[k]
            if (!a.armed) continue
            let next = a.nextMs
            if (next <= nowMs) {
                const period = a.periodMs
                if (period > 0) {
                    next = next + period
                    if (next <= nowMs) {
                        const skipped = Math.floor((nowMs - next) / period) + 1
                        a.missed += skipped
                        next += skipped * period
                    }
                    a.nextMs = next
                } else a.armed = false
                this.fire(a, nowMs * 1000000)
                if (!a.armed) continue
            }
            const d = next - nowMs
            if (wait < 0) wait = d
            else if (d < wait) wait = d
        }
        if (this.tickMs > 0) {
            if (this.nextTickMs <= nowMs) {
                this.nextTickMs = nowMs + this.tickMs
                this.tick()
            }
            const d = this.nextTickMs - nowMs
            if (wait < 0) wait = d
            else if (d < wait) wait = d
        }
        return wait
    }

    /** Starts the timer fiber (tests with manual timers fire alarms through hooks instead). */
    start(): void {
        if (this.fiber === null) this.fiber = timerLoop.start(this)
    }

    stop(): void {
        if (this.fiber !== null) this.fiber.terminate()
        this.fiber = null
    }
}

function noTick(): void {}

async function timerLoop(timer: AlarmTimer) {
    for (;;) {
        const wait = timer.step(timer.nowMs())
        if (wait < 0) await ds.suspend()
        else await ds.suspend(wait)
    }
}
