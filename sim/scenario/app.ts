/**
 * A scenario's own application: the DPCs and sources it declares, as an App the simulated
 * board sets up like any other. One ISR per interrupt line identifies each event's source (the
 * pin or alarm in `ctx.status`) and requests that source's DPC. DPC routines do no work of
 * their own (their cost is the scenario's cycles); they re-arm level-triggered pins (masked by
 * the ISR until their DPC runs), and throw every `fail_every` runs when asked to. A one-shot
 * alarm list is handed to the alarm's handler, which re-arms the alarm for each listed time
 * in turn as the SDK's alarm pool steps through its entries (a time already past when the
 * handler gets to it fires at once, late: sim/model/alarm-handler.ts).
 */
import { Dpc, EventBatch, InterruptLine, IsrContext, Kernel, Source } from "../../src/kernel"
import { App, DpcCost, Hal } from "../../src/hal/hal"
import { SimHal } from "../port"
import { DpcSpec, Scenario } from "./scenario"

export function scenarioApp(sc: Scenario): App {
    const costs: { [dpc: string]: DpcCost } = {}
    for (const d of sc.dpcs) costs[d.name] = { cycles: d.cycles, cyclesPerEvent: d.cyclesPerEvent }
    const isrCycles: { [key: string]: number } = {}
    for (const s of sc.sources) isrCycles[s.kind === "gpio" ? `gpio${s.gpio}` : `alarm${s.alarm}`] = s.isrCycles
    return {
        name: "scenario",
        costs,
        isrCycles,
        setup(kernel: Kernel, hal: Hal) {
            const port = hal as SimHal
            /** Level-triggered pin of each source id, or -1. */
            const levelPin: number[] = []
            const dpcs: { [name: string]: Dpc } = {}
            const anyLevel = sc.sources.some(s => s.kind === "gpio" && (s.edge === "high" || s.edge === "low"))
            for (const d of sc.dpcs) dpcs[d.name] = kernel.addDpc(dpcOptions(d, port, anyLevel ? levelPin : null))

            // GPIO sources share the bank line: status is the pin.
            const byPin: { src: Source; dpc: Dpc }[] = []
            for (const s of sc.sources) {
                if (s.kind !== "gpio") continue
                hal.watchPin(s.gpio, s.edge, s.pull, s.core)
                const src = kernel.addSource(s.name, hal.gpioLine)
                byPin[s.gpio] = { src, dpc: dpcs[s.dpc] }
                levelPin[src.id] = s.edge === "high" || s.edge === "low" ? s.gpio : -1
            }
            if (byPin.length > 0)
                hal.gpioLine.attach((ctx: IsrContext) => {
                    const e = byPin[ctx.status]
                    if (e !== undefined) ctx.request(e.dpc, e.src, ctx.value)
                })

            // Each alarm has its own line.
            for (const s of sc.sources) {
                if (s.kind !== "alarm") continue
                const line: InterruptLine = hal.watchAlarm(s.alarm, s.core)
                const src = kernel.addSource(s.name, line)
                levelPin[src.id] = -1
                const dpc = dpcs[s.dpc]
                line.attach((ctx: IsrContext) => {
                    ctx.request(dpc, src, ctx.value)
                })
                if (s.atNs.length > 0) port.armAlarmTimes(s.alarm, s.atNs)
                else hal.armAlarm(s.alarm, s.startNs / 1000, s.periodNs / 1000)
            }
        },
    }
}

/** `levelPin`: the level-triggered pin of each source id (or -1); null when the scenario has none. */
function dpcOptions(d: DpcSpec, port: SimHal, levelPin: number[] | null) {
    let runs = 0
    const failEvery = d.failEvery
    const routine = (events: EventBatch) => {
        runs++
        if (levelPin !== null)
            for (let i = 0; i < events.count; i++) {
                const pin = levelPin[events.source(i)]
                if (pin >= 0) port.maskPin(pin, false)
            }
        if (failEvery > 0 && runs % failEvery === 0) throw new Error(`injected failure (run ${runs}, fail_every ${failEvery})`)
    }
    return {
        name: d.name,
        routine,
        importance: d.importance,
        target: d.target,
        budgetEvents: d.budgetEvents,
        watchdogNs: d.watchdogNs,
        ring: d.ring,
    }
}
