/**
 * The calibration of the simulator's devicescript host (tools/calibrate/, `npm run calibrate`):
 * the opcodes of each path the firmware runs on a board, measured in groups of steps.
 *
 * A group builds its objects in set-up and lists its steps, each one path (a raise of a line,
 * a DPC fiber's slice, a scan, a printer record...), in an order that leaves each step the state
 * it needs (a DPC queued, a thread asleep...). `GROUP(from, to)` runs steps [0, from) in set-up
 * and measures steps [from, to): one step (`to = from + 1`) is one entry of the table, all of
 * them (`0, N`) the group's total, which the calibration test re-measures (one VM run a group).
 *
 * Every object is built as the DeviceScript port builds its own (checks and run timing off,
 * histograms of 1 sub-bucket bit in ms units, the port's DpcFibers and DiagnosticsPrinter as
 * the kernel's onWake and onFault), on a ManualClock (deterministic; as the opcode meter's
 * firmware window runs the port). Stamps are whole milliseconds.
 */
import { Button } from "../../../../src/app/button"
import { Firmware } from "../../../../src/app/firmware"
import { Heartbeat } from "../../../../src/app/heartbeat"
import { Sampler } from "../../../../src/app/sampler"
import { Tachometer } from "../../../../src/app/tachometer"
import { Tick } from "../../../../src/app/tick"
import { App, Hal } from "../../../../src/hal/hal"
import { Dpc, Fault, InterruptLine, IsrContext, Kernel, ManualClock, lineRecords } from "../../../../src/kernel/index"
import { AlarmTimer } from "../../../../src/port/alarm-timer"
import { DevicePort } from "../../../../src/port/device-port"
import { DiagnosticsPrinter } from "../../../../src/port/diagnostics-printer"
import { DpcFibers } from "../../../../src/port/dpc-fibers"
import { PinHandle, PinScan } from "../../../../src/port/pin-scan"
import { BOARD } from "../../../../src/port/board.generated"
import * as ds from "@devicescript/core"
import { Probe, report } from "../harness"

const MS = 1000000

/** A group's steps, by name (the host's table names each entry after its step). */
class Steps {
    readonly names: string[] = []
    readonly fns: (() => void)[] = []
    add(name: string, fn: () => void): void {
        this.names.push(name)
        this.fns.push(fn)
    }
}

/** Runs steps [from, to) of `s`. */
function run(s: Steps, from: number, to: number): void {
    const fns = s.fns
    for (let i = from; i < to; i++) fns[i]()
}

/** The probe of a group: set-up builds it and runs the steps before `from`; the body runs [from, to). */
function group(build: () => Promise<Steps>, from: number, to: number): Probe {
    let s: Steps = null
    return {
        setup: async () => {
            s = await build()
            // The names are long for a log line: the host reads them from this file (tools/calibrate/groups.ts).
            report({ steps: s.names.length })
            if (!(from >= 0 && to <= s.names.length && from <= to)) throw new Error(`calibrate: steps ${from}..${to} of ${s.names.length}`)
            for (let i = 0; i < from; i++) {
                s.fns[i]()
                if (i % 8 === 7) await ds.sleep(0)
            }
        },
        body: () => run(s, from, to),
    }
}

function noIsr(ctx: IsrContext): void {}

/** A line whose one ISR requests `dpc` (as an app's ISR that has one thing to do). */
function requestingLine(k: Kernel, name: string, dpc: Dpc): InterruptLine {
    const line = k.addLine(name)
    const src = k.addSource(name, line)
    line.attach(ctx => ctx.request(dpc, src, ctx.value))
    return line
}

/**
 * The kernel's paths with the port's hooks, the pin scan and the timer fiber's step, on lines
 * whose ISRs do nothing or only request one DPC.
 */
async function kernelSteps(): Promise<Steps> {
    const clock = new ManualClock(1000 * MS)
    const S = clock.nowNs()
    let fibers: DpcFibers = null
    let printer: DiagnosticsPrinter = null
    const k = new Kernel({
        cores: 2,
        policy: "cores",
        clock: clock,
        checks: false,
        timeRuns: false,
        histogramSubBits: 1,
        histogramUnitNs: MS,
        onWake: t => fibers.wake(t),
        onFault: (f: Fault) => printer.fault(f),
    })
    const on0 = { core: 0 }
    const on1 = { core: 1 }
    const nothing = () => {}
    const a = k.addDpc({ name: "a", routine: nothing, target: on0 })
    const b = k.addDpc({ name: "b", routine: nothing, target: on1, importance: "low", budgetEvents: 4, ring: 8 })
    const c = k.addDpc({ name: "c", routine: nothing, target: on1, ring: 2 })
    const d = k.addDpc({ name: "d", routine: nothing, target: on1, budgetEvents: 1, ring: 4 })
    const f = k.addDpc({ name: "f", routine: nothing, target: on0 })
    const line1 = k.addLine("one")
    line1.attach(noIsr)
    const line4 = k.addLine("four")
    for (let i = 0; i < 4; i++) line4.attach(noIsr)
    const srcF = k.addSource("chain", line1)
    const e = k.addDpc({ name: "e", routine: (ev, ctx) => ctx.request(f, srcF, 1), target: on0 })
    const g = k.addDpc({
        name: "g",
        routine: () => {
            throw new Error("calibration")
        },
        target: on1,
    })
    const la = requestingLine(k, "la", a)
    const lb = requestingLine(k, "lb", b)
    const lc = requestingLine(k, "lc", c)
    const ld = requestingLine(k, "ld", d)
    const le = requestingLine(k, "le", e)
    const lg = requestingLine(k, "lg", g)
    // The scan and the timer raise lines whose one ISR does nothing.
    const scanLine = k.addLine("scan")
    scanLine.attach(noIsr)
    const alarmLines: InterruptLine[] = []
    for (let i = 0; i < 2; i++) {
        alarmLines.push(k.addLine("alarm" + i))
        alarmLines[i].attach(noIsr)
    }
    k.start()
    fibers = new DpcFibers(k)
    fibers.start(true)
    printer = new DiagnosticsPrinter(k, "rp2040", line => {}, 0, clock)
    const t0 = 0
    const t1 = 1

    // Warm-up, as in a running firmware: every histogram has a latency of 0 cached.
    const dpcs = [a, b, c, d, e, f]
    for (let i = 0; i < dpcs.length; i++) {
        k.requestOn(dpcs[i], srcF, 1, S, 0)
        k.requestOn(dpcs[i], srcF, 1, S, 0)
    }
    while (fibers.step(t0)) {}
    while (fibers.step(t1)) {}
    await ds.sleep(0)

    const s = new Steps()
    s.add("raise.1", () => line1.raiseAt(0, 1, 1, S))
    s.add("raise.4", () => line4.raiseAt(0, 1, 1, S))
    s.add("isr.queueWake", () => la.raiseAt(0, 1, 1, S))
    s.add("fiber.run1", () => fibers.step(t0))
    s.add("isr.queue", () => la.raiseAt(0, 1, 1, S))
    // Seven more events, 5 ms apart (a train the scan stamped in turn): distinct latencies.
    s.add("isr.coalesce.x7", () => {
        for (let i = 1; i < 8; i++) la.raiseAt(0, 1, 1, S - 5 * MS * i)
    })
    s.add("fiber.run8distinct", () => fibers.step(t0))
    s.add("fiber.park", () => fibers.step(t0))
    s.add("fill8same", () => {
        for (let i = 0; i < 8; i++) la.raiseAt(0, 1, 1, S)
    })
    s.add("fiber.run8same", () => fibers.step(t0))
    s.add("fiber.park2", () => fibers.step(t0))
    s.add("isr.queueLow", () => lb.raiseAt(1, 1, 1, S))
    s.add("isr.coalesceLow.x2", () => {
        lb.raiseAt(1, 1, 1, S)
        lb.raiseAt(1, 1, 1, S)
    })
    s.add("isr.fullLowWake", () => lb.raiseAt(1, 1, 1, S))
    s.add("fiber.runB", () => fibers.step(t1))
    s.add("fiber.parkB", () => fibers.step(t1))
    s.add("fillC", () => {
        lc.raiseAt(1, 1, 1, S)
        lc.raiseAt(1, 1, 1, S)
    })
    s.add("isr.dropFault", () => lc.raiseAt(1, 1, 1, S))
    s.add("isr.drop", () => lc.raiseAt(1, 1, 1, S))
    s.add("printer.err", () => printer.step())
    s.add("fiber.runC", () => fibers.step(t1))
    s.add("fillD", () => {
        ld.raiseAt(1, 1, 1, S)
        ld.raiseAt(1, 1, 1, S)
    })
    s.add("fiber.runRequeue", () => fibers.step(t1))
    s.add("fiber.runD", () => fibers.step(t1))
    s.add("fiber.parkD", () => fibers.step(t1))
    s.add("queueE", () => le.raiseAt(0, 1, 1, S))
    s.add("fiber.runChain", () => fibers.step(t0))
    s.add("fiber.runF", () => fibers.step(t0))
    s.add("fiber.parkF", () => fibers.step(t0))
    s.add("queueG", () => lg.raiseAt(1, 1, 1, S))
    s.add("fiber.runError", () => fibers.step(t1))
    s.add("fiber.parkG", () => fibers.step(t1))
    s.add("kernel.tick", () => k.tick())
    s.add("queueLowAsleep", () => lb.raiseAt(1, 1, 1, S))
    s.add("kernel.tickWake", () => k.tick())

    // The pin scan over 1, 4 and 8 watched pins, and the change of a watch of each kind.
    const scan = (pins: number, edge: "rising" | "both" | "high", initial: number, level: number): PinScan => {
        const p = new PinScan(scanLine, clock, 1, 4, 100)
        for (let i = 0; i < pins; i++) {
            const h: PinHandle = { value: level }
            p.watch(i, h, edge, 0, initial)
        }
        p.build()
        return p
    }
    const idle1 = scan(1, "rising", 0, 0)
    const idle4 = scan(4, "rising", 0, 0)
    const idle8 = scan(8, "rising", 0, 0)
    const rise = scan(1, "rising", 0, 1)
    const fall = scan(1, "rising", 1, 0)
    const both = scan(1, "both", 0, 1)
    const high = scan(1, "high", 0, 1)
    s.add("scan.idle1", () => idle1.scan())
    s.add("scan.idle4", () => idle4.scan())
    s.add("scan.idle8", () => idle8.scan())
    s.add("scan.rise", () => rise.scan())
    s.add("scan.fall", () => fall.scan())
    s.add("scan.both", () => both.scan())
    s.add("scan.high", () => high.scan())
    s.add("scan.relax", () => idle1.relax(S))

    // The timer fiber's step: one alarm (not due, then due), two alarms (one due).
    const nowMs = 1000
    const one = new AlarmTimer(2, clock)
    one.attach(0, alarmLines[0], 0)
    one.arm(0, 20000, 20000)
    one.setTick(() => {}, 100, nowMs)
    const two = new AlarmTimer(2, clock)
    two.attach(0, alarmLines[0], 0)
    two.attach(1, alarmLines[1], 0)
    two.arm(0, 20000, 20000)
    two.arm(1, 30000, 30000)
    two.setTick(() => {}, 100, nowMs)
    s.add("timer.none", () => one.step(nowMs))
    s.add("timer.fire", () => one.step(nowMs + 20))
    s.add("timer.fire2", () => two.step(nowMs + 20))
    return s
}

/** The kernel's paths, the pin scan and the timer fiber's step (see kernelSteps). */
export function kernel(from: number, to: number): Probe {
    return group(kernelSteps, from, to)
}

/** A DevicePort on the stepped schedule, on a ManualClock, running `app`. */
function steppedPort(app: App, clock: ManualClock): DevicePort {
    const port = new DevicePort({ board: BOARD, pins: "virtual", schedule: "stepped", clock: clock, out: line => {} })
    port.start(app)
    return port
}

/** The thread index DPC `name` runs on. */
function threadOf(port: DevicePort, name: string): number {
    return port.kernel.dpc(name).threadIndex
}

/** An app of one driver of the firmware, on the firmware's 20 ms tick (alarm 0, the last core). */
class OneDriver implements App {
    name = "one-driver"
    tick: Tick = null
    button: Button = null
    tach: Tachometer = null
    sampler: Sampler = null
    heartbeat: Heartbeat = null
    constructor(private which: string) {}
    setup(kernel: Kernel, hal: Hal): void {
        const w = hal.board.wiring
        this.tick = new Tick(hal, 0, 20000, hal.board.cores - 1)
        if (this.which === "button") this.button = new Button(kernel, hal, this.tick, { pin: w["button"] })
        if (this.which === "tach") this.tach = new Tachometer(kernel, hal, this.tick, { pin: w["tach"] })
        if (this.which === "sampler") this.sampler = new Sampler(kernel, hal, this.tick, { pin: w["sense"] })
        if (this.which === "heartbeat") this.heartbeat = new Heartbeat(kernel, hal, this.tick, { pin: w["led"] })
    }
}

/** An app with DPCs and no interrupt: its port's timer runs the kernel's tick alone. */
const tickOnly: App = {
    name: "tick-only",
    setup: (kernel: Kernel, hal: Hal) => {
        kernel.addDpc({ name: "x", routine: () => {} })
        kernel.addDpc({ name: "y", routine: () => {} })
    },
}

/** The button's and the tachometer's ISRs and DPCs, each driver alone on a port; the port's timer with the kernel's tick alone. */
async function buttonTachSteps(): Promise<Steps> {
    const clock = new ManualClock(1000 * MS)
    const S = clock.nowNs()
    const bApp = new OneDriver("button")
    const bPort = steppedPort(bApp, clock)
    await ds.sleep(0) // each port's start is a good part of a VM slice
    const tApp = new OneDriver("tach")
    const tPort = steppedPort(tApp, clock)
    await ds.sleep(0)
    const kPort = steppedPort(tickOnly, clock)
    await ds.sleep(0)
    const bpin = BOARD.wiring["button"]
    const tpin = BOARD.wiring["tach"]
    const bGpio = bPort.gpioLine
    const bTick = bApp.tick.line
    const tGpio = tPort.gpioLine
    const tTick = tApp.tick.line
    const debounce = threadOf(bPort, "button.debounce")
    const hold = threadOf(bPort, "button.hold")
    const edge = threadOf(tPort, "tach.edge")
    const rate = threadOf(tPort, "tach.rate")
    const bf = bPort.fibers
    const tf = tPort.fibers
    // Warm-up: a press and a release, a few tach edges and gates, every thread parked.
    bGpio.raiseAt(0, bpin, 0, S - 500 * MS)
    while (bf.step(debounce)) {}
    bGpio.raiseAt(0, bpin, 1, S - 400 * MS)
    while (bf.step(debounce)) {}
    for (let i = 0; i < 4; i++) tGpio.raiseAt(0, tpin, 1, S - (300 - 5 * i) * MS)
    while (tf.step(edge)) {}
    tTick.raiseAt(1, 0, 10, S - 200 * MS) // a gate (every 10 ticks of 20 ms)
    while (tf.step(rate)) {}

    const s = new Steps()
    // The button's and the tach's ISRs are attached to their pin alone and request at every raise of it.
    s.add("button.gpio.request", () => bGpio.raiseAt(0, bpin, 0, S))
    s.add("button.alarm.skip", () => bTick.raiseAt(1, 0, 1, S))
    s.add("button.debounce.run1", () => bf.step(debounce))
    s.add("button.bounces.x5", () => {
        for (let i = 0; i < 5; i++) bGpio.raiseAt(0, bpin, i % 2, S)
    })
    s.add("button.debounce.run5", () => bf.step(debounce))
    s.add("button.park", () => bf.step(debounce))
    s.add("hold.later", () => clock.setNs(S + 1100 * MS))
    s.add("button.alarm.request", () => bTick.raiseAt(1, 0, 55, S + 1100 * MS))
    s.add("button.hold.run1", () => bf.step(hold))
    s.add("button.hold.park", () => bf.step(hold))
    s.add("tach.gpio.request", () => tGpio.raiseAt(0, tpin, 1, S + 1100 * MS))
    s.add("tach.alarm.skip", () => tTick.raiseAt(1, 0, 56, S + 1100 * MS))
    s.add("tach.alarm.request", () => tTick.raiseAt(1, 0, 60, S + 1100 * MS))
    s.add("tach.gpio.more", () => tGpio.raiseAt(0, tpin, 1, S + 1095 * MS))
    s.add("tach.edge.run2", () => tf.step(edge))
    s.add("tach.rate.run1", () => tf.step(rate))
    // The tick-only port started at 1000 ms: its kernel tick (200 ms) is due at 1200 ms, then at 1400.
    s.add("timer.tickOnly.tick", () => kPort.steps.timer(1200))
    s.add("timer.tickOnly.none", () => kPort.steps.timer(1250))
    return s
}

/** The button's and the tachometer's ISRs and DPC runs (see buttonTachSteps). */
export function buttonTach(from: number, to: number): Probe {
    return group(buttonTachSteps, from, to)
}

/** The sampler's and the heartbeat's ISRs and DPCs, each driver alone on a port. */
async function samplerHeartbeatSteps(): Promise<Steps> {
    const clock = new ManualClock(1000 * MS)
    const S = clock.nowNs()
    const sApp = new OneDriver("sampler")
    const sPort = steppedPort(sApp, clock)
    await ds.sleep(0)
    const hApp = new OneDriver("heartbeat")
    const hPort = steppedPort(hApp, clock)
    await ds.sleep(0)
    const sTick = sApp.tick.line
    const hTick = hApp.tick.line
    const sample = threadOf(sPort, "sampler.sample")
    const rep = threadOf(sPort, "sampler.report")
    const beat = threadOf(hPort, "heartbeat.beat")
    const led = threadOf(hPort, "heartbeat.led")
    const sf = sPort.fibers
    const hf = hPort.fibers
    const sampler = sApp.sampler
    // Warm-up: a few samples, and two beats (every 10 ticks: the blink's first two steps, each
    // changing the LED), every thread parked; the measured beat is the pattern's third step,
    // which leaves the LED as it is (requests nothing).
    for (let i = 0; i < 3; i++) sTick.raiseAt(1, 0, i + 1, S - (100 - 20 * i) * MS)
    while (sf.step(sample)) {}
    for (let i = 1; i <= 2; i++) {
        hTick.raiseAt(1, 0, 10 * i, S - (400 - 200 * i) * MS)
        while (hf.step(beat)) {}
        while (hf.step(led)) {}
    }

    const s = new Steps()
    s.add("sampler.alarm.request", () => sTick.raiseAt(1, 0, 10, S))
    s.add("sampler.sample.run1", () => sf.step(sample))
    s.add("sampler.fill9", () => {
        for (let i = 1; i < 10; i++) sTick.raiseAt(1, 0, 10 + i, S - 20 * MS * i)
    })
    s.add("sampler.sample.run9", () => sf.step(sample))
    s.add("sampler.park", () => sf.step(sample))
    s.add("sampler.window", () => sPort.kernel.requestOn(sampler.report, sampler.windowSource, 15, S, 1))
    s.add("sampler.report.run1", () => sf.step(rep))
    s.add("sampler.report.park", () => sf.step(rep))
    s.add("heartbeat.alarm.skip", () => hTick.raiseAt(1, 0, 21, S))
    s.add("heartbeat.alarm.request", () => hTick.raiseAt(1, 0, 30, S))
    s.add("heartbeat.beat.run1", () => hf.step(beat))
    s.add("heartbeat.beat.park", () => hf.step(beat))
    s.add("heartbeat.led.queue", () => hPort.kernel.requestOn(hApp.heartbeat.led, hApp.heartbeat.ledSource, 1, S, 1))
    s.add("heartbeat.led.run1", () => hf.step(led))
    return s
}

/** The sampler's and the heartbeat's ISRs and DPC runs (see samplerHeartbeatSteps). */
export function samplerHeartbeat(from: number, to: number): Probe {
    return group(samplerHeartbeatSteps, from, to)
}

/**
 * The diagnostics printer's slices on the firmware after a second of work: each kind of
 * record of a report, an idle slice, and the boot record.
 */
async function printerSteps(): Promise<Steps> {
    const clock = new ManualClock(0)
    const port = new DevicePort({ board: BOARD, pins: "virtual", schedule: "stepped", clock: clock, out: line => {} })
    const fw = new Firmware()
    port.start(fw)
    await ds.sleep(0)
    const steps = port.steps
    const threads = port.kernel.threads.length
    const tpin = BOARD.wiring["tach"]
    const bpin = BOARD.wiring["button"]
    // A second and a half of the firmware's life: a 200 Hz tach, a press; the printer not run.
    let timerAt = 0
    for (let ms = 0; ms < 1500; ms++) {
        clock.setNs(ms * MS)
        if (ms >= timerAt) timerAt = ms + steps.timer(ms)
        if (ms % 5 === 0) port.injectEdge(tpin, 1)
        if (ms % 5 === 2) port.injectEdge(tpin, 0)
        if (ms === 400) port.injectEdge(bpin, 0)
        if (ms === 520) port.injectEdge(bpin, 1)
        steps.scan()
        for (let i = 0; i < threads; i++) if (steps.dpcDue(i)) while (steps.dpc(i)) {}
        if (ms % 8 === 7) await ds.sleep(0)
    }
    // The steps below follow the report's records: two line records, then three a DPC.
    const lines = lineRecords(port.kernel).length
    if (lines !== 2) throw new Error(`calibrate: the firmware's report has ${lines} line records, the printer steps expect 2`)
    const s = new Steps()
    const p = () => steps.printer()
    s.add("printer.lines", p)
    s.add("printer.line", p)
    s.add("printer.dpc", p)
    s.add("printer.lat", p)
    s.add("printer.faults", p)
    s.add("printer.dpcRest", () => {
        for (let i = 0; i < 21; i++) steps.printer()
    })
    s.add("printer.core", p)
    s.add("printer.core2", p)
    s.add("printer.events", p)
    s.add("printer.idle", p)
    s.add("printer.boot", () => port.printer.boot())
    return s
}

/** The diagnostics printer's slices (see printerSteps). */
export function printer(from: number, to: number): Probe {
    return group(printerSteps, from, to)
}

/** `n` steps that do nothing: what a step costs the group's loop (its call and return). */
export function noop(from: number, to: number): Probe {
    return group(
        async () => {
            const s = new Steps()
            for (let i = 0; i < 16; i++) s.add("noop", () => {})
            return s
        },
        from,
        to
    )
}
