/**
 * The firmware on the DeviceScript port, in the VM (`devs run test/devs/firmware.test.ts --test
 * --test-self-exit`). The VM has no pins, so each test builds a port with virtual pins, no pin
 * scan fiber, manual timers, no periodic report and a ManualClock, and drives it only through the
 * port's own entries: `injectEdge` enters the interrupt path where the pin scan does
 * (PinScan.sample), and `tickAt` runs the timer fiber's slice (AlarmTimer.step: the 20 ms tick
 * alarm and the kernel's 200 ms tick, which runs `low` DPCs nothing else woke). `settle` then
 * lets the DPC fibers run. Time moves only when a test moves it, so every count, stamp and
 * frequency below is exact.
 *
 * Board: the one src/port/board.generated.ts was built for (`npm run build:devs`: rp2040, two
 * cores, so two DPC fibers under the `cores` policy).
 */
import * as ds from "@devicescript/core"
import { describe, expect, test } from "@devicescript/test"
import { Firmware } from "../../src/app/firmware"
import { App, Hal } from "../../src/hal/hal"
import { Dpc, Kernel, ManualClock, PolicyName, parseLine, recordToObject } from "../../src/kernel/index"
import { BOARD } from "../../src/port/board.generated"
import { DevicePort } from "../../src/port/device-port"

interface Bench {
    port: DevicePort
    fw: Firmware
    clock: ManualClock
    lines: string[]
}

let probed: Probed = null

function bench(app: App, fw: Firmware, policy: PolicyName): Bench {
    const lines: string[] = []
    const clock = new ManualClock()
    const port = new DevicePort({
        board: BOARD,
        policy: policy,
        pins: "virtual",
        scanMs: 0,
        timers: "manual",
        reportMs: 0,
        clock: clock,
        out: l => lines.push(l),
    })
    port.start(app)
    return { port: port, fw: fw, clock: clock, lines: lines }
}

/**
 * A test on a fresh port running the firmware (or `make()`'s app), its DPC fibers parked; the
 * port's fibers are stopped after, so its memory can be collected before the next test.
 */
function withBench(body: (b: Bench) => Promise<void>, policy?: PolicyName, make?: () => App): () => Promise<void> {
    return async () => {
        await ds.sleep(0)
        let b: Bench
        if (make) {
            const app = make()
            b = bench(app, probed.fw, "cores")
        } else {
            const fw = new Firmware()
            b = bench(fw, fw, policy === undefined ? "cores" : policy)
        }
        try {
            await b.port.settle() // the DPC fibers start and park
            await body(b)
        } finally {
            b.port.stop()
            probed = null // the VM heap holds about one firmware kernel at a time
        }
    }
}

function runsOf(d: Dpc): number {
    return d.stats.runs
}

/** Sets the clock to `us` microseconds. */
function at(b: Bench, us: number) {
    b.clock.setNs(us * 1000)
}

/** The tick alarm's period (the firmware's default tick). */
const TICK_MS = 20

/** Runs the timer fiber's slice at `ms` (the clock set there), then lets the DPC fibers finish. */
async function tickAt(b: Bench, ms: number) {
    b.clock.setNs(ms * 1000000)
    b.port.alarms.step(ms)
    await b.port.settle()
}

/** `n` ticks on the 20 ms grid from now on (the first at the next multiple of 20 ms). */
async function ticks(b: Bench, n: number) {
    const first = (Math.floor(b.clock.nowNs() / (TICK_MS * 1000000)) + 1) * TICK_MS
    for (let i = 0; i < n; i++) await tickAt(b, first + i * TICK_MS)
}

/** Runs of each kernel thread, as "t0 t1 ...". */
function threadRuns(b: Bench): string {
    const t = b.port.kernel.threads
    let s = ""
    for (let i = 0; i < t.length; i++) s += (i > 0 ? " " : "") + t[i].runCount()
    return s
}

/** Yields until `cond` holds; throws after 100 slices. */
async function until(cond: () => boolean) {
    for (let i = 0; i < 100; i++) {
        if (cond()) return
        await ds.sleep(0)
    }
    throw new Error("until: condition still false after 100 slices")
}

/** The record of a diagnostics line as an object; fails the test when the line does not parse. */
function record(line: string): { [key: string]: string | number } {
    const r = parseLine(line)
    expect(r.status).toBe("ok")
    return recordToObject(r.record)
}

/** Firmware plus two probe DPCs pinned one to each core: `probe.bad` throws on value 13; both record their fiber. */
class Probed implements App {
    readonly name = "probed"
    fw = new Firmware()
    bad: Dpc = null
    ok: Dpc = null
    fiberOfOk = -1
    fiberOfBad = -1
    okRuns = 0
    setup(kernel: Kernel, hal: Hal): void {
        this.fw.setup(kernel, hal)
        const self = this
        this.bad = kernel.addDpc({
            name: "probe.bad",
            target: { core: 0 },
            routine: ev => {
                self.fiberOfBad = ds.Fiber.self().id
                if (ev.value(0) === 13) throw new Error("probe failure")
            },
        })
        this.ok = kernel.addDpc({
            name: "probe.ok",
            target: { core: 1 },
            routine: ev => {
                self.fiberOfOk = ds.Fiber.self().id
                self.okRuns++
            },
        })
        const line = kernel.addLine("PROBE")
        const src = kernel.addSource("probe", line)
        kernel.addDriver({
            name: "probe",
            lines: [line],
            dpcs: [this.bad, this.ok],
            isr: ctx => {
                ctx.request(self.bad, src, ctx.value)
                ctx.request(self.ok, src, ctx.value)
            },
        })
    }
}

describe("firmware on the DeviceScript port", () => {
    test(
        "start: a boot record and one DPC fiber per core",
        withBench(async b => {
            expect(b.lines.length).toBe(1)
            const boot = record(b.lines[0])
            expect(`${boot["kind"]} ${boot["board"]} ${boot["cores"]} ${boot["policy"]} ${boot["threads"]}`).toBe("boot rp2040 2 cores 2")
            const k = b.port.kernel
            expect(`${k.threads.length} ${k.threads[0].core} ${k.threads[1].core}`).toBe("2 0 1")
            expect(b.port.fibers.fiberId(0) !== b.port.fibers.fiberId(1)).toBe(true)
            await b.port.settle()
            expect(`${threadRuns(b)} ${b.port.fibers.wakes[0]} ${b.port.fibers.wakes[1]}`).toBe("0 0 0 0")
        })
    )

    test(
        "a button press: the bank ISR for its pin requests button.debounce and core 0's fiber runs it",
        withBench(async b => {
            const btn = b.fw.button
            at(b, 1000)
            expect(b.port.injectEdge(btn.pin, 0)).toBe(true)
            expect(`${btn.debounce.state} ${btn.presses}`).toBe("1 0") // queued (DPC_QUEUED), not run
            await b.port.settle()
            expect(`${btn.presses} ${btn.releases} ${btn.pressed} ${btn.pressedAtNs}`).toBe("1 0 true 1000000")
            expect(`${runsOf(btn.debounce)} ${btn.debounce.coresMask()}`).toBe("1 1")
            expect(`${threadRuns(b)} ${b.port.fibers.wakes[0]} ${b.port.fibers.wakes[1]}`).toBe("1 0 1 0")
            expect(`${b.port.gpioLine.countByCore[0]} ${b.fw.tach.edge.ring.count}`).toBe("1 0")
        })
    )

    test(
        "both DPC fibers run: ten ticks put samples and the beat on core 0, the tach gate and the LED on core 1",
        withBench(async b => {
            await ticks(b, 10) // 20 .. 200 ms
            const fw = b.fw
            // Ten samples fill the sampler's batch (one run); the gate and the beat are every 10th
            // tick (200 ms), and the beat's first step lights the LED.
            expect(`${runsOf(fw.sampler.sample)} ${fw.sampler.samples} ${runsOf(fw.tach.rate)} ${runsOf(fw.heartbeat.beat)} ${runsOf(fw.heartbeat.led)}`).toBe(
                "1 10 1 1 1"
            )
            expect(threadRuns(b)).toBe("2 2")
            expect(`${fw.sampler.sample.coresMask()} ${fw.heartbeat.beat.coresMask()} ${fw.tach.rate.coresMask()} ${fw.heartbeat.led.coresMask()}`).toBe(
                "1 1 2 2"
            )
            expect(`${b.port.virtualPins.read(fw.heartbeat.pin)} ${fw.heartbeat.writes}`).toBe("1 1")
            const tick = b.port.kernel.line("TIMER_IRQ_0")
            expect(`${tick.core} ${tick.countByCore[0]} ${tick.countByCore[1]}`).toBe("1 0 10")
        })
    )

    test(
        "coalescing: a bounce train of 8 edges 50 us apart is one run of the debouncer and one press",
        withBench(async b => {
            const btn = b.fw.button
            let raised = 0
            for (let i = 0; i < 8; i++) {
                at(b, 1000 + 50 * i)
                if (b.port.injectEdge(btn.pin, i % 2 === 0 ? 0 : 1)) raised++
            }
            expect(raised).toBe(8)
            await b.port.settle()
            const st = btn.debounce.stats
            expect(`${st.runs} ${st.processed} ${btn.debounce.coalesced()} ${st.maxBatch}`).toBe("1 8 7 8")
            expect(`${btn.presses} ${btn.bounces} ${btn.level} ${btn.lastLevel}`).toBe("1 7 0 1")
            // The train ended at the released level: the release is taken at the first tick after
            // the 20 ms lock-out (which ends at 21 ms), through button.hold on core 1 and a settle
            // event stamped at that tick.
            await tickAt(b, 20)
            expect(`${runsOf(btn.hold)} ${btn.releases}`).toBe("0 0")
            await tickAt(b, 40)
            expect(`${runsOf(btn.hold)} ${runsOf(btn.debounce)} ${btn.presses} ${btn.releases} ${btn.pressed} ${btn.lastPressNs}`).toBe(
                "1 2 1 1 false 39000000"
            )
            expect(btn.hold.coresMask()).toBe(2)
        })
    )

    test(
        "a bounce train of 7 edges ends pressed: one press, no release",
        withBench(async b => {
            const btn = b.fw.button
            for (let i = 0; i < 7; i++) {
                at(b, 1000 + 50 * i)
                b.port.injectEdge(btn.pin, i % 2 === 0 ? 0 : 1)
            }
            await b.port.settle()
            await ticks(b, 5)
            expect(`${btn.presses} ${btn.releases} ${btn.pressed} ${runsOf(btn.hold)}`).toBe("1 0 true 0")
        })
    )

    test(
        "long press: counted once, by button.hold on core 1, while the button is held",
        withBench(async b => {
            const btn = b.fw.button
            at(b, 1000)
            b.port.injectEdge(btn.pin, 0)
            await b.port.settle()
            await tickAt(b, 990)
            expect(`${btn.longPresses} ${runsOf(btn.hold)}`).toBe("0 0")
            await tickAt(b, 1001)
            await tickAt(b, 1100)
            expect(`${btn.longPresses} ${runsOf(btn.hold)} ${btn.pressed}`).toBe("1 1 true")
            at(b, 1500000)
            b.port.injectEdge(btn.pin, 1)
            await b.port.settle()
            expect(`${btn.presses} ${btn.releases} ${btn.longPresses} ${btn.lastPressNs}`).toBe("1 1 1 1499000000")
        })
    )

    test(
        "tachometer: a 1 kHz train reads 1000 Hz; only rising edges reach tach.edge, which runs in batches of 32",
        withBench(async b => {
            const tach = b.fw.tach
            // Rising edges at 1, 2, ... 201 ms; falling edges half-way between (the watch raises
            // the line for rising edges only).
            for (let i = 1; i <= 201; i++) {
                at(b, i * 1000)
                b.port.injectEdge(tach.pin, 1)
                at(b, i * 1000 + 500)
                b.port.injectEdge(tach.pin, 0)
                if (i % 20 === 0) await b.port.settle()
            }
            await b.port.settle()
            // Importance low: an edge wakes nothing until 32 are queued; then core 0's fiber runs
            // that batch and, at once, the edges queued behind it (2 runs per 40 edges). The last
            // edge waits for the kernel's tick.
            expect(`${tach.edges} ${tach.edge.ring.count} ${runsOf(tach.edge)} ${tach.edge.stats.maxBatch}`).toBe("200 1 10 32")
            await tickAt(b, 220) // the kernel's tick (due at 200 ms) runs it
            expect(`${tach.edges} ${b.port.gpioLine.count()} ${tach.edge.stats.dropped} ${runsOf(tach.edge)}`).toBe("201 201 0 11")
            for (let t = 240; t <= 400; t += TICK_MS) await tickAt(b, t) // the gate: the 10th tick
            expect(`${tach.updates} ${tach.frequencyHz}`).toBe("1 1000")
            // A continuous 250 Hz train from 404 to 796 ms, ticks every 20 ms in time order, a gate
            // every 10th. The gate's tick is also a heartbeat step, whose beat wakes core 0, and
            // core 0's fiber runs first: tach.edge takes the edges queued behind the beat before
            // core 1 runs tach.rate, so a gate reads every edge up to its tick. The first gate
            // after the change (600 ms) measures from the previous gate's last edge (201 ms) to
            // 600 ms; the next ones read 250 Hz exactly.
            let reading = ""
            for (let t = 401; t <= 1000; t++) {
                at(b, t * 1000)
                if (t % 4 === 0 && t <= 796) {
                    b.port.injectEdge(tach.pin, 1)
                    b.port.injectEdge(tach.pin, 0)
                }
                if (t % TICK_MS === 0) b.port.alarms.step(t)
                await b.port.settle()
                if (t === 600 || t === 800 || t === 1000) reading += `${tach.updates}:${tach.frequencyHz} `
            }
            expect(reading).toBe(`2:${(50 * 1e9) / (600000000 - 201000000)} 3:250 4:250 `)
            expect(`${tach.edges} ${tach.updates} ${tach.frequencyHz}`).toBe("300 4 250")
            // No edge for a second: the next gate reads 0 Hz.
            for (let t = 1820; t <= 2000; t += TICK_MS) await tickAt(b, t)
            expect(`${tach.updates} ${tach.frequencyHz}`).toBe("5 0")
        })
    )

    test(
        "sampler: one sample per tick in batches of 10, a duty-cycle reading per window of 50",
        withBench(async b => {
            const s = b.fw.sampler
            b.port.virtualPins.setLevel(s.pin, 1)
            await ticks(b, 15) // 20 .. 300 ms
            b.port.virtualPins.setLevel(s.pin, 0)
            await ticks(b, 35) // 320 .. 1000 ms
            expect(`${s.samples} ${runsOf(s.sample)} ${s.sample.stats.maxBatch} ${s.windows} ${s.dutyPct} ${runsOf(s.report)}`).toBe("50 5 10 1 30 1")
            expect(`${s.sample.coresMask()} ${s.report.coresMask()}`).toBe("1 2")
            // Three ticks' samples wait (importance low) until the kernel's tick at 1200 ms.
            await ticks(b, 3) // 1020 .. 1060 ms
            expect(`${s.samples} ${s.sample.ring.count}`).toBe("50 3")
            await tickAt(b, 1200)
            expect(`${s.samples} ${runsOf(s.sample)} ${s.sample.ring.count}`).toBe("54 6 0")
        })
    )

    test(
        "an error in one DPC leaves the other fiber, and the failing one, running",
        withBench(
            async b => {
                const app = probed
                const line = b.port.kernel.line("PROBE")
                line.raise(0, 0, 13)
                await b.port.settle()
                expect(`${app.bad.stats.errors} ${app.bad.stats.lastError} ${app.okRuns}`).toBe("1 probe failure 1")
                expect(`${app.fiberOfBad === b.port.fibers.fiberId(0)} ${app.fiberOfOk === b.port.fibers.fiberId(1)}`).toBe("true true")
                // The err record is printed by the diagnostics fiber and parses.
                await until(() => b.lines.length > 1)
                expect(b.lines.length).toBe(2)
                const e = record(b.lines[1])
                expect(`${e["kind"]} ${e["fault"]} ${e["dpc"]} ${e["core"]} ${e["count"]} ${e["message"]}`).toBe("err error probe.bad 0 1 probe failure")
                // Both fibers go on: core 0 runs a press and the probe again, core 1 the probe.
                b.port.injectEdge(app.fw.button.pin, 0)
                line.raise(0, 0, 1)
                await b.port.settle()
                expect(`${app.fw.button.presses} ${runsOf(app.bad)} ${app.bad.stats.errors} ${app.okRuns}`).toBe("1 2 1 2")
                expect(threadRuns(b)).toBe("3 2")
                expect(b.port.kernel.checkInvariants()).toBe("")
            },
            "cores",
            () => {
                probed = new Probed()
                return probed
            }
        )
    )

    test(
        "diagnostics: the periodic report parses with the console's parser and matches the kernel",
        withBench(async b => {
            const fw = b.fw
            at(b, 1000)
            b.port.injectEdge(fw.button.pin, 0)
            b.port.injectEdge(fw.button.pin, 1)
            b.port.injectEdge(fw.tach.pin, 1)
            await ticks(b, 50) // the release after the lock-out, five tach gates, 50 samples, LED steps
            b.port.printer.report()
            const kinds: string[] = []
            const cores: string[] = []
            let events: { [key: string]: string | number } = null
            for (let i = 0; i < b.lines.length; i++) {
                await ds.sleep(0) // parsing a record costs thousands of opcodes
                const r = record(b.lines[i])
                kinds.push("" + r["kind"])
                if (r["kind"] === "dpc") cores.push(`${r["name"]}@${r["cores"]}`)
                if (r["kind"] === "events") events = r
            }
            let want = "boot line line"
            for (let i = 0; i < 8; i++) want += " dpc lat faults"
            expect(kinds.join(" ")).toBe(want + " core core events")
            // Every driver's first DPC ran on core 0 and its second on core 1 (the cores policy).
            expect(cores.join(" ")).toBe(
                "button.debounce@0 button.hold@1 tach.edge@0 tach.rate@1 sampler.sample@0 sampler.report@1 heartbeat.beat@0 heartbeat.led@1"
            )
            const t = b.port.kernel.totals()
            expect(`${events["raised"]} ${events["processed"]} ${events["dropped"]} ${events["pending"]}`).toBe(`${t.raised} ${t.raised} 0 0`)
            // sampler.sample's three records. It ran 7 times: behind the press (20 ms) and the
            // release (40 ms), which woke core 0, then with every beat (200 ms .. 1 s).
            const d = record(b.lines[15])
            expect(`${d["name"]} ${d["runs"]} ${d["events"]}`).toBe("sampler.sample 7 50")
            const f = record(b.lines[17])
            expect(`${f["kind"]} ${f["name"]} ${f["dropped"]} ${f["errors"]} ${f["watchdog"]}`).toBe("faults sampler.sample 0 0 0")
        })
    )

    test("live, under the default stimulus: every record of a report is printed within its period and parses", async () => {
        await ds.sleep(0)
        // The port as on a board: its own fibers (pin scan, timer, DPC threads, printer) on the
        // runtime's clock, a report every second; only the pins are virtual, driven by a fiber
        // at the default scenario's rates: a 200 Hz tach, the sense pin 5 Hz 30 % high, and a
        // button press with bounces at 1.2 s.
        const fw = new Firmware()
        const printed: number[] = [] // ms of each line
        const kinds: string[] = []
        let bad = 0
        const port = new DevicePort({
            board: BOARD,
            pins: "virtual",
            out: l => {
                printed.push(ds.millis())
                const r = parseLine(l)
                if (r.status !== "ok") bad++
                else kinds.push(r.record.kind)
            },
        })
        port.start(fw)
        const pins = port.virtualPins
        const t0 = ds.millis()
        let stop = false
        let stopped = false
        const stimulus = async () => {
            let tach = 0
            while (!stop) {
                const t = ds.millis() - t0
                const phase = Math.floor(t / 2.5) % 2 // 2.5 ms high, 2.5 ms low
                if (phase !== tach) {
                    tach = phase
                    pins.setLevel(fw.tach.pin, tach)
                }
                pins.setLevel(fw.sampler.pin, t % 200 < 60 ? 1 : 0)
                const b = t - 1200
                pins.setLevel(fw.button.pin, b >= 0 && b < 120 && !(b < 3 && b % 2 === 1) ? 0 : 1)
                await ds.sleep(1)
            }
            stopped = true
        }
        stimulus.start()
        try {
            while (ds.millis() - t0 < 2700) await ds.sleep(20)
        } finally {
            stop = true
            port.stop()
            // The stimulus fiber holds the port: the next test needs its memory (the VM heap holds one firmware).
            while (!stopped) await ds.sleep(1)
        }
        // boot, then two reports (at 1 s and 2 s after boot): each of its records within the second it began in.
        const perReport = port.kernel.lines.length + 3 * port.kernel.dpcs.length + port.kernel.cores + 1
        expect(`${bad} ${kinds[0]} ${port.printer.reports}`).toBe("0 boot 2")
        expect(kinds.length).toBe(1 + 2 * perReport)
        for (let r = 0; r < 2; r++) {
            const first = 1 + r * perReport
            const last = first + perReport - 1
            expect(`${kinds[first]} ${kinds[last]}`).toBe("line events")
            const took = printed[last] - printed[first]
            if (!(took < 1000)) throw new Error(`report ${r + 1} took ${took} ms to print`)
        }
        expect(fw.tach.edges > 0 && fw.button.presses === 1).toBe(true)
    })

    test(
        "policy single-thread: one DPC fiber runs every DPC on core 0",
        withBench(async b => {
            await ticks(b, 10)
            expect(`${b.port.kernel.threads.length} ${b.fw.tach.rate.coresMask()} ${b.fw.heartbeat.led.coresMask()} ${threadRuns(b)}`).toBe("1 1 1 4")
        }, "single-thread")
    )

    test(
        "policy threads: two DPC fibers on core 0 interleave",
        withBench(async b => {
            await ticks(b, 10)
            const k = b.port.kernel
            expect(`${k.threads.length} ${k.threads[1].core}.${k.threads[1].thread} ${threadRuns(b)}`).toBe("2 0.1 2 2")
        }, "threads")
    )

    test(
        "bad use names the thing and the reason",
        withBench(async b => {
            const msgs: string[] = []
            const tryIt = (f: () => void) => {
                try {
                    f()
                    msgs.push("no error")
                } catch (e: any) {
                    msgs.push(e.message)
                }
            }
            tryIt(() => b.port.injectAlarm(3))
            tryIt(() => b.port.injectEdge(99, 1))
            tryIt(() => b.port.watchPin(14, "rising"))
            tryIt(() => b.port.writePin(99, 1))
            tryIt(() => b.port.start(b.fw))
            tryIt(() => b.port.armAlarm(7, 0, 0))
            expect(msgs[0]).toBe("injectAlarm: alarm 3 is not watched by the app")
            expect(msgs[1]).toBe("injectEdge: GPIO 99 is not a pin of board rp2040")
            expect(msgs[2]).toBe("watchPin: only during app.setup()")
            expect(msgs[3]).toBe("writePin: GPIO 99 is not a pin of board rp2040")
            expect(msgs[4]).toBe("DevicePort: already started")
            expect(msgs[5]).toBe("armAlarm: alarm 7 does not exist (this board has alarms 0-3)")
        })
    )
})
