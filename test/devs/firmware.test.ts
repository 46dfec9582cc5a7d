/**
 * The firmware on the DeviceScript port, in the VM (`devs run test/devs/firmware.test.ts --test
 * --test-self-exit`). The VM has no pins, so each test builds a port with virtual pins, no pin
 * scan, manual timers, no periodic report and a ManualClock, and drives it only through the
 * port's test hooks: `injectEdge` and `injectAlarm` enter the same interrupt path as the pin scan
 * and the timer fiber. `settle` then lets the DPC fibers run. Time moves only when a test moves
 * it, so every count, stamp and frequency below is exact.
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
        pollMs: 0,
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

/** Fires the tick alarm `n` times, 10 ms apart from now on, letting the DPC fibers finish after each. */
async function ticks(b: Bench, n: number) {
    for (let i = 0; i < n; i++) {
        b.clock.advanceNs(10000000)
        b.port.injectAlarm(0)
        await b.port.settle()
    }
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
            expect(`${b.port.fibers.runs[0]} ${b.port.fibers.runs[1]}`).toBe("0 0")
        })
    )

    test(
        "a button press: the ISR requests button.debounce and core 0's fiber runs it",
        withBench(async b => {
            const btn = b.fw.button
            at(b, 1000)
            expect(b.port.injectEdge(btn.pin, 0)).toBe(true)
            expect(`${btn.debounce.state} ${btn.presses}`).toBe("1 0") // queued (DPC_QUEUED), not run
            await b.port.settle()
            expect(`${btn.presses} ${btn.releases} ${btn.pressed} ${btn.pressedAtNs}`).toBe("1 0 true 1000000")
            expect(`${runsOf(btn.debounce)} ${btn.debounce.coresMask()}`).toBe("1 1")
            expect(`${b.port.fibers.runs[0]} ${b.port.fibers.runs[1]} ${b.port.fibers.wakes[0]}`).toBe("1 0 1")
            expect(b.port.gpioLine.countByCore[0]).toBe(1)
        })
    )

    test(
        "both DPC fibers run: ten ticks put samples and the beat on core 0, the tach gate and the LED on core 1",
        withBench(async b => {
            await ticks(b, 10)
            const fw = b.fw
            expect(`${runsOf(fw.sampler.sample)} ${runsOf(fw.tach.rate)} ${runsOf(fw.heartbeat.beat)} ${runsOf(fw.heartbeat.led)}`).toBe("10 1 1 1")
            expect(`${b.port.fibers.runs[0]} ${b.port.fibers.runs[1]}`).toBe("11 2")
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
            // the 20 ms lock-out (t = 21 ms), through button.hold on core 1 and a settle event.
            await ticks(b, 1) // t = 11.35 ms
            expect(`${runsOf(btn.hold)} ${btn.releases}`).toBe("0 0")
            await ticks(b, 1) // t = 21.35 ms
            expect(`${runsOf(btn.hold)} ${runsOf(btn.debounce)} ${btn.presses} ${btn.releases} ${btn.pressed} ${btn.lastPressNs}`).toBe(
                "1 2 1 1 false 20350000"
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
            at(b, 990000)
            b.port.injectAlarm(0)
            await b.port.settle()
            expect(`${btn.longPresses} ${runsOf(btn.hold)}`).toBe("0 0")
            at(b, 1001000)
            b.port.injectAlarm(0)
            await b.port.settle()
            at(b, 1100000)
            b.port.injectAlarm(0)
            await b.port.settle()
            expect(`${btn.longPresses} ${runsOf(btn.hold)} ${btn.pressed}`).toBe("1 1 true")
            at(b, 1500000)
            b.port.injectEdge(btn.pin, 1)
            await b.port.settle()
            expect(`${btn.presses} ${btn.releases} ${btn.longPresses} ${btn.lastPressNs}`).toBe("1 1 1 1499000000")
        })
    )

    test(
        "tachometer: a 1 kHz pulse train reads 1000 Hz; rising edges only reach the DPC",
        withBench(async b => {
            const tach = b.fw.tach
            // Rising edges at 1, 2, ... 201 ms; falling edges half-way between.
            for (let i = 1; i <= 201; i++) {
                at(b, i * 1000)
                b.port.injectEdge(tach.pin, 1)
                at(b, i * 1000 + 500)
                b.port.injectEdge(tach.pin, 0)
                if (i % 20 === 0) await b.port.settle()
            }
            await b.port.settle()
            expect(`${tach.edges} ${b.port.gpioLine.count()} ${tach.edge.stats.dropped}`).toBe("201 201 0")
            await ticks(b, 10) // the gate (every 10th tick): 200 periods in 200 ms
            expect(`${tach.updates} ${tach.frequencyHz}`).toBe("1 1000")
            // A continuous 250 Hz train from 400 to 796 ms, with the ticks in time order (one every
            // 10 ms, a gate every 10th). The first gate after the change counts the periods since
            // the last edge of the previous gate; the next ones read 250 Hz exactly.
            let reading = ""
            for (let t = 400; t <= 1000; t++) {
                at(b, t * 1000)
                if (t % 4 === 0 && t <= 796) {
                    b.port.injectEdge(tach.pin, 1)
                    b.port.injectEdge(tach.pin, 0)
                }
                if (t % 10 === 0) b.port.injectAlarm(0)
                await b.port.settle()
                if (t === 490 || t === 590) reading += `${tach.updates}:${tach.frequencyHz} `
            }
            expect(reading).toBe(`2:${(23 * 1e9) / (488000000 - 201000000)} 3:250 `)
            expect(`${tach.edges} ${tach.updates} ${tach.frequencyHz}`).toBe("301 7 250")
            // No edge for a second: the next gate reads 0 Hz.
            at(b, 1800000)
            await ticks(b, 9)
            expect(`${tach.updates} ${tach.frequencyHz}`).toBe("8 0")
        })
    )

    test(
        "sampler: one sample per tick, a duty-cycle report per window of 100; late samples run as one batch",
        withBench(async b => {
            const s = b.fw.sampler
            b.port.virtualPins.setLevel(s.pin, 1)
            await ticks(b, 25)
            b.port.virtualPins.setLevel(s.pin, 0)
            await ticks(b, 75)
            expect(`${s.samples} ${runsOf(s.sample)} ${s.late} ${s.windows} ${s.dutyPct} ${runsOf(s.report)}`).toBe("100 100 0 1 25 1")
            expect(`${s.sample.coresMask()} ${s.report.coresMask()}`).toBe("1 2")
            for (let i = 0; i < 5; i++) b.port.injectAlarm(0)
            await b.port.settle()
            expect(`${s.samples} ${runsOf(s.sample)} ${s.late} ${s.sample.stats.maxBatch}`).toBe("105 101 4 5")
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
                expect(`${b.port.fibers.runs[0]} ${b.port.fibers.runs[1]}`).toBe("3 2")
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
        "diagnostics: the periodic report parses with the shared parser and matches the kernel",
        withBench(async b => {
            const fw = b.fw
            at(b, 1000)
            b.port.injectEdge(fw.button.pin, 0)
            b.port.injectEdge(fw.button.pin, 1)
            b.port.injectEdge(fw.tach.pin, 1)
            await ticks(b, 100) // the release after the lock-out, tach gates, 100 samples, LED steps
            await b.port.printer.report()
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
            expect(kinds.join(" ")).toBe("boot line line dpc dpc dpc dpc dpc dpc dpc dpc core core events")
            // Every driver's first DPC ran on core 0 and its second on core 1 (the cores policy).
            expect(cores.join(" ")).toBe(
                "button.debounce@0 button.hold@1 tach.edge@0 tach.rate@1 sampler.sample@0 sampler.report@1 heartbeat.beat@0 heartbeat.led@1"
            )
            const t = b.port.kernel.totals()
            expect(`${events["raised"]} ${events["processed"]} ${events["dropped"]} ${events["pending"]}`).toBe(`${t.raised} ${t.raised} 0 0`)
            const d = record(b.lines[7]) // sampler.sample
            expect(`${d["name"]} ${d["runs"]} ${d["events"]} ${d["errors"]}`).toBe("sampler.sample 100 100 0")
        })
    )

    test(
        "policy single-thread: one DPC fiber runs every DPC on core 0",
        withBench(async b => {
            await ticks(b, 10)
            expect(`${b.port.kernel.threads.length} ${b.fw.tach.rate.coresMask()} ${b.fw.heartbeat.led.coresMask()} ${b.port.fibers.runs[0]}`).toBe(
                "1 1 1 13"
            )
        }, "single-thread")
    )

    test(
        "policy threads: two DPC fibers on core 0 interleave",
        withBench(async b => {
            await ticks(b, 10)
            const k = b.port.kernel
            expect(`${k.threads.length} ${k.threads[1].core}.${k.threads[1].thread} ${b.port.fibers.runs[0]} ${b.port.fibers.runs[1]}`).toBe("2 0.1 11 2")
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
