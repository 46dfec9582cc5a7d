/**
 * Measures, in the DeviceScript VM, the timing of the event sources the port can use:
 *
 *     npm run measure:devs      (devs run tools/devs/event-sources.ts --test --test-self-exit)
 *
 * Prints one `MEASURE` line per source. Times come from ds.millis() (whole ms, the runtime's
 * finest clock), so periods are averaged over many fires and jitter is given in whole ms.
 * The numbers are for the WASM VM on the machine that runs it; src/port/README.md records them.
 */
import * as ds from "@devicescript/core"
import { describe, test } from "@devicescript/test"
import { Kernel, ManualClock } from "../../src/kernel/index"
import { AlarmTimer } from "../../src/port/alarm-timer"

/** Summary of inter-arrival times (ms) against a target period. */
function report(name: string, stamps: number[], target: number) {
    let min = 1e9
    let max = 0
    let late = 0
    for (let i = 1; i < stamps.length; i++) {
        const d = stamps[i] - stamps[i - 1]
        if (d < min) min = d
        if (d > max) max = d
        if (d > target) late++
    }
    const n = stamps.length - 1
    const total = stamps[n] - stamps[0]
    const mean = Math.round((total * 1000) / n) / 1000
    const head = `MEASURE ${name}: ${n} periods of ${target} ms took ${total} ms (mean ${mean} ms, drift ${total - n * target} ms);`
    console.log(`${head} interval min ${min} max ${max} ms; ${late} longer than ${target} ms`)
}

async function intervalStamps(period: number, n: number): Promise<number[]> {
    const stamps: number[] = []
    const me = ds.Fiber.self()
    let id = 0
    id = setInterval(() => {
        stamps.push(ds.millis())
        if (stamps.length === n + 1) {
            clearInterval(id)
            me.resume(null)
        }
    }, period)
    await ds.suspend()
    return stamps
}

describe("event sources", () => {
    test("setInterval", async () => {
        report("setInterval(1)", await intervalStamps(1, 500), 1)
        report("setInterval(10)", await intervalStamps(10, 100), 10)
    })
    test("ds.sleep and ds.suspend loops", async () => {
        let s: number[] = [ds.millis()]
        for (let i = 0; i < 500; i++) {
            await ds.sleep(1)
            s.push(ds.millis())
        }
        report("ds.sleep(1) loop", s, 1)
        s = [ds.millis()]
        for (let i = 0; i < 500; i++) {
            await ds.suspend(1)
            s.push(ds.millis())
        }
        report("ds.suspend(1) loop", s, 1)
    })
    test("the port's AlarmTimer", async () => {
        const kernel = new Kernel({ cores: 1, clock: new ManualClock() })
        const line = kernel.addLine("alarm")
        kernel.addDpc({ name: "x", routine: () => {} })
        let stamps: number[] = []
        kernel.addDriver({ name: "d", lines: [line], dpcs: ["x", kernel.addDpc({ name: "y", routine: () => {} })], isr: () => stamps.push(ds.millis()) })
        kernel.start()
        const timer = new AlarmTimer(1)
        timer.attach(0, line, 0)
        timer.start()
        timer.arm(0, 1000, 1000)
        while (stamps.length < 501) await ds.sleep(5)
        timer.disarm(0)
        const missed1 = timer.missed[0]
        report(`AlarmTimer 1 ms (missed ${timer.missed[0]})`, stamps.slice(0, 501), 1)
        stamps = []
        timer.arm(0, 10000, 10000)
        while (stamps.length < 101) await ds.sleep(20)
        timer.stop()
        report(`AlarmTimer 10 ms (missed ${timer.missed[0] - missed1})`, stamps.slice(0, 101), 10)
    })
    test("fiber resume and yield", async () => {
        let wakes = 0
        const consumer = async () => {
            while (true) {
                await ds.suspend()
                wakes++
            }
        }
        const f = consumer.start()
        await ds.sleep(0)
        const n = 20000
        const t0 = ds.millis()
        for (let i = 0; i < n; i++) {
            if (f.suspended) f.resume(null)
            await ds.sleep(0)
        }
        const t1 = ds.millis()
        for (let i = 0; i < n; i++) await ds.sleep(0)
        const t2 = ds.millis()
        f.terminate()
        console.log(`MEASURE resume -> resumed fiber runs -> back: ${wakes} round trips in ${t1 - t0} ms (${Math.round(((t1 - t0) * 1e6) / n) / 1000} us each)`)
        console.log(`MEASURE ds.sleep(0) yield with no other fiber ready: ${n} in ${t2 - t1} ms (${Math.round(((t2 - t1) * 1e6) / n) / 1000} us each)`)
    })
})
