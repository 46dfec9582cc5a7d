/**
 * A fixed kernel scenario that both test hosts run: mocha on Node and `@devicescript/test` in
 * the DeviceScript VM. It uses only the kernel (DeviceScript-clean) and returns its trace and
 * its diagnostics lines, which must be identical, line for line, on both hosts.
 *
 * Two cores, policy `cores`. A button driver (one ISR on the GPIO bank, two DPCs: `edge` on
 * core 0 and `count` on core 1), a high-importance `sample` DPC on a timer line, a low
 * `log` DPC, and a `flaky` DPC that throws on odd values.
 *
 * The script is a list of steps. Node runs them back to back; the DeviceScript VM test yields
 * between them, because the VM allows only 128 K opcodes per fiber slice.
 */
import {
    Dpc,
    EventBatch,
    DpcContext,
    Kernel,
    ManualClock,
    bootRecord,
    coreRecord,
    dpcRecord,
    eventsRecord,
    faultRecord,
    faultsRecord,
    latRecord,
    lineRecords,
} from "../../src/kernel/index"

export interface KernelScript {
    /** Trace and diagnostics lines, appended to by the steps. */
    out: string[]
    steps: (() => void)[]
}

export function runKernelScript(policy: string): string[] {
    const script = kernelScript(policy)
    for (let i = 0; i < script.steps.length; i++) script.steps[i]()
    return script.out
}

export function kernelScript(policy: string): KernelScript {
    const out: string[] = []
    const steps: (() => void)[] = []
    const clock = new ManualClock()
    const kernel = new Kernel({
        cores: 2,
        policy: policy as any,
        clock: clock,
        onWake: t => {
            out.push(`wake ${t.core}.${t.thread} t=${clock.nowNs()}`)
        },
        onFault: f => {
            out.push(faultRecord(f))
        },
    })
    const record = (name: string) => (events: EventBatch, ctx: DpcContext) => {
        let s = `run ${name}@${ctx.core}.${ctx.thread} t=${ctx.nowNs()} [`
        for (let i = 0; i < events.count; i++) s += (i > 0 ? " " : "") + kernel.sources[events.source(i)].name + ":" + events.value(i)
        out.push(s + "]")
        clock.advanceNs(1000 * events.count)
    }
    const edge = kernel.addDpc({ name: "edge", routine: record("edge"), ring: 4 })
    const count = kernel.addDpc({ name: "count", routine: record("count") })
    const sample = kernel.addDpc({ name: "sample", routine: record("sample"), importance: "high", watchdogNs: 1500 })
    const log = kernel.addDpc({ name: "log", routine: record("log"), importance: "low", target: { core: 0 } })
    const flaky = kernel.addDpc({
        name: "flaky",
        routine: (events: EventBatch, ctx: DpcContext) => {
            record("flaky")(events, ctx)
            if (events.value(events.count - 1) % 2 === 1) throw new Error("odd value")
        },
    })
    const bank = kernel.addLine("IO_IRQ_BANK0")
    const timer = kernel.addLine("TIMER_IRQ_0", 1)
    const button = kernel.addSource("gpio14", bank)
    const alarm = kernel.addSource("alarm0", timer)
    kernel.addDriver({
        name: "button",
        lines: [bank],
        dpcs: [edge, count],
        isr: ctx => {
            const first = ctx.request(edge, button, ctx.value)
            if (ctx.value === 0) ctx.request(count, button, 0)
            out.push(`isr core${ctx.core} gpio${ctx.status}=${ctx.value} -> ${first}`)
        },
    })
    kernel.addDriver({
        name: "sampler",
        lines: [timer],
        dpcs: [sample, log, flaky],
        isr: ctx => {
            ctx.request(sample, alarm, ctx.status)
            ctx.request(flaky, alarm, ctx.status)
            ctx.request(log, alarm, ctx.status)
        },
    })
    kernel.start()

    const drain = () => {
        let ran = true
        while (ran) {
            ran = false
            for (let i = 0; i < kernel.threads.length; i++) {
                const d: Dpc | null = kernel.dispatcher.runNext(kernel.threads[i])
                if (d !== null) ran = true
            }
        }
    }
    steps.push(() => {
        out.push(bootRecord(kernel, "rp2040"))
        // A bouncing button: six edges, 200 ns apart, before any DPC runs.
        for (let i = 0; i < 6; i++) {
            bank.raise(0, 14, i % 2)
            clock.advanceNs(200)
        }
        // Two timer alarms on core 1.
        timer.raise(1, 0, 0)
        clock.advanceNs(300)
        timer.raise(1, 1, 0)
    })
    steps.push(drain)
    steps.push(() => {
        clock.advanceNs(5000)
        timer.raise(1, 2, 0)
        kernel.tick()
    })
    steps.push(drain)
    steps.push(() => {
        const lines = lineRecords(kernel)
        for (let i = 0; i < lines.length; i++) out.push(lines[i])
    })
    // forEach, not a for loop: DeviceScript closures must not capture loop variables.
    kernel.dpcs.forEach(d => {
        steps.push(() => {
            out.push(dpcRecord(kernel, d))
            out.push(latRecord(d))
            out.push(faultsRecord(d))
        })
    })
    kernel.byCore.forEach((own, core) => {
        steps.push(() => {
            out.push(coreRecord(kernel, core, clock.nowNs()))
        })
    })
    steps.push(() => {
        out.push(eventsRecord(kernel))
        const broken = kernel.checkInvariants()
        out.push(broken === "" ? "invariants ok" : broken)
    })
    return { out: out, steps: steps }
}
