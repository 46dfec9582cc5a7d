/**
 * The calibration table's entries: what the simulator's devicescript host charges for each path
 * (sim/host/devicescript/costs.ts), derived from the measured steps of the probe groups
 * (tools/opmeter/devs/probes/calibrate.ts). Each entry says what it is and how it is derived, so
 * that the table explains itself and the check can name the entries a drifted step moves.
 *
 * Terms: a "bare ISR" is an ISR that only requests one DPC (`ctx => ctx.request(dpc, src,
 * ctx.value)`); a request's cost is what it adds to raising a line whose one ISR does nothing.
 * A driver's ISR entry is what it costs beyond a bare ISR making the same request (or beyond an
 * ISR that does nothing, when it requests nothing). A DPC routine's entry is its run beyond a
 * run of a routine that does nothing.
 */

/** Looks up a measured step (group, step name). */
export type StepLookup = (group: string, step: string) => number

export interface EntryDef {
    name: string
    /** What the entry is, for a reader of the table. */
    is: string
    /** How it comes from the measured steps (group.step names). */
    formula: string
    /** The steps it reads (for naming the entries a drifted step moves). */
    steps: string[]
    value: (s: StepLookup) => number
}

const K = "kernel"
const BT = "buttonTach"
const SH = "samplerHeartbeat"
const P = "printer"

/** `group.step` names used by a formula. */
function refs(...names: string[]): string[] {
    return names
}

const r1 = (s: StepLookup) => s(K, "raise.1")
const dispatchRun = (s: StepLookup) => s(K, "fiber.run1")
const queue = (s: StepLookup) => s(K, "isr.queue") - r1(s)
const wake = (s: StepLookup) => s(K, "isr.queueWake") - s(K, "isr.queue")
const queueLow = (s: StepLookup) => s(K, "isr.queueLow") - r1(s)
const eventSame = (s: StepLookup) => (s(K, "fiber.run8same") - dispatchRun(s)) / 7
const eventDistinct = (s: StepLookup) => (s(K, "fiber.run8distinct") - dispatchRun(s)) / 7
const perIsr = (s: StepLookup) => (s(K, "raise.4") - r1(s)) / 3
const scanPin = (s: StepLookup) => (s(K, "scan.idle4") - s(K, "scan.idle1")) / 3
const alarmCheck = (s: StepLookup) => s(K, "timer.fire2") - s(K, "timer.fire")
const timerBase = (s: StepLookup) => s(K, "timer.none") - alarmCheck(s)

/** A driver's ISR on a line: beyond a bare ISR (requesting, with outcome `out`) or a noop ISR (skipping). */
function isr(driver: string, line: string, group: string, path: "request" | "skip", out?: "queueWake" | "queueLow"): EntryDef {
    const step = `${driver}.${line}.${path}`
    if (path === "skip")
        return {
            name: `isr.${driver}@${line}.skip`,
            is: `the ${driver}'s ISR on the ${line} line when it requests nothing, beyond an ISR that does nothing`,
            formula: `${group}.${step} - kernel.raise.1`,
            steps: refs(`${group}.${step}`, "kernel.raise.1"),
            value: s => s(group, step) - r1(s),
        }
    const wakes = out === "queueWake"
    return {
        name: `isr.${driver}@${line}.request`,
        is: `the ${driver}'s ISR on the ${line} line when it requests its DPC, beyond a bare ISR making the same request`,
        formula: `${group}.${step} - kernel.raise.1 - request.${wakes ? "queue - request.wake" : "queueLow"}`,
        steps: refs(`${group}.${step}`, "kernel.raise.1", wakes ? "kernel.isr.queue" : "kernel.isr.queueLow", "kernel.isr.queueWake"),
        value: s => s(group, step) - r1(s) - (wakes ? queue(s) + wake(s) : queueLow(s)),
    }
}

/** A DPC's routine per run: its fiber slice (a run of batch `batch`) beyond a noop routine's. */
function routine(dpc: string, group: string, step: string, batch: number, distinct: boolean): EntryDef {
    const perEvent = distinct ? "dispatch.eventDistinct" : "dispatch.eventSame"
    return {
        name: `routine.${dpc}`,
        is: `${dpc}'s routine in a run (of ${batch} event${batch === 1 ? "" : "s"} as measured), beyond a run of a routine that does nothing`,
        formula: `${group}.${step} - dispatch.run` + (batch > 1 ? ` - ${batch - 1} x ${perEvent}` : ""),
        steps: refs(`${group}.${step}`, "kernel.fiber.run1", distinct ? "kernel.fiber.run8distinct" : "kernel.fiber.run8same"),
        value: s => s(group, step) - dispatchRun(s) - (batch - 1) * (distinct ? eventDistinct(s) : eventSame(s)),
    }
}

/** A printer slice: the record of `kind` (or an idle slice). */
function record(kind: string, step: string, is: string, n = 1): EntryDef {
    return {
        name: `printer.${kind}`,
        is,
        formula: n === 1 ? `printer.${step}` : `printer.${step} / ${n}`,
        steps: refs(`printer.${step}`),
        value: s => s(P, step) / n,
    }
}

export const ENTRIES: EntryDef[] = [
    // Interrupt lines and requests.
    { name: "raise", is: "raising a line whose one ISR does nothing (InterruptLine.raiseAt)", formula: "kernel.raise.1", steps: refs("kernel.raise.1"), value: r1 },
    { name: "raise.perIsr", is: "each further ISR on the raised line (the line's dispatch closure calls each)", formula: "(kernel.raise.4 - kernel.raise.1) / 3", steps: refs("kernel.raise.4", "kernel.raise.1"), value: perIsr },
    { name: "request.queue", is: "a bare ISR's request of an idle DPC: ring write and queue (its thread already awake)", formula: "kernel.isr.queue - raise", steps: refs("kernel.isr.queue", "kernel.raise.1"), value: queue },
    { name: "request.wake", is: "a request that wakes its DPC thread: the kernel's onWake, the port's DpcFibers.wake and the fiber's resume", formula: "kernel.isr.queueWake - kernel.isr.queue", steps: refs("kernel.isr.queueWake", "kernel.isr.queue"), value: wake },
    { name: "request.coalesce", is: "a bare ISR's request of a queued DPC: the event joins its batch", formula: "kernel.isr.coalesce.x7 / 7 - raise", steps: refs("kernel.isr.coalesce.x7", "kernel.raise.1"), value: s => s(K, "isr.coalesce.x7") / 7 - r1(s) },
    { name: "request.queueLow", is: "a bare ISR's request of an idle low-importance DPC (queued, wakes nothing)", formula: "kernel.isr.queueLow - raise", steps: refs("kernel.isr.queueLow", "kernel.raise.1"), value: queueLow },
    { name: "request.coalesceLow", is: "a request of a queued low-importance DPC whose batch is not full", formula: "kernel.isr.coalesceLow.x2 / 2 - raise", steps: refs("kernel.isr.coalesceLow.x2", "kernel.raise.1"), value: s => s(K, "isr.coalesceLow.x2") / 2 - r1(s) },
    {
        name: "request.fullLow",
        is: "a request that fills a queued low-importance DPC's batch (Kernel.wakeQueued), without the wake itself",
        formula: "kernel.isr.fullLowWake - raise - request.wake",
        steps: refs("kernel.isr.fullLowWake", "kernel.raise.1", "kernel.isr.queueWake", "kernel.isr.queue"),
        value: s => s(K, "isr.fullLowWake") - r1(s) - wake(s),
    },
    { name: "request.drop", is: "a request that finds the ring full, within an overflow episode (counted, no record)", formula: "kernel.isr.drop - raise", steps: refs("kernel.isr.drop", "kernel.raise.1"), value: s => s(K, "isr.drop") - r1(s) },
    {
        name: "request.dropFault",
        is: "the first drop of an overflow episode: counted, and its err record formatted (DiagnosticsPrinter.fault)",
        formula: "kernel.isr.dropFault - raise",
        steps: refs("kernel.isr.dropFault", "kernel.raise.1"),
        value: s => s(K, "isr.dropFault") - r1(s),
    },
    {
        name: "request.chained",
        is: "what a request from a DPC routine (DpcThread.request) adds to an ISR's request with the same outcome",
        formula: "kernel.fiber.runChain - dispatch.run - request.queue",
        steps: refs("kernel.fiber.runChain", "kernel.fiber.run1", "kernel.isr.queue", "kernel.raise.1"),
        value: s => s(K, "fiber.runChain") - dispatchRun(s) - queue(s),
    },
    // DPC fibers.
    { name: "dispatch.run", is: "a DPC fiber's slice that runs a DPC of one event whose routine does nothing (DpcFibers.step: Dispatcher.runNext)", formula: "kernel.fiber.run1", steps: refs("kernel.fiber.run1"), value: dispatchRun },
    { name: "dispatch.eventSame", is: "each further event of a run stamped like the one before (one latency histogram increment)", formula: "(kernel.fiber.run8same - dispatch.run) / 7", steps: refs("kernel.fiber.run8same", "kernel.fiber.run1"), value: eventSame },
    { name: "dispatch.eventDistinct", is: "each further event of a run stamped otherwise than the one before (its latency's bucket looked up)", formula: "(kernel.fiber.run8distinct - dispatch.run) / 7", steps: refs("kernel.fiber.run8distinct", "kernel.fiber.run1"), value: eventDistinct },
    { name: "dispatch.park", is: "a DPC fiber's slice that finds its queue empty and parks (runNext, then the thread asleep)", formula: "kernel.fiber.park", steps: refs("kernel.fiber.park"), value: s => s(K, "fiber.park") },
    { name: "dispatch.requeue", is: "a run that leaves events beyond its budget: the DPC queued again", formula: "kernel.fiber.runRequeue - kernel.fiber.runD", steps: refs("kernel.fiber.runRequeue", "kernel.fiber.runD"), value: s => s(K, "fiber.runRequeue") - s(K, "fiber.runD") },
    {
        name: "dispatch.error",
        is: "a routine that throws: the error caught, counted and its err record formatted",
        formula: "kernel.fiber.runError - dispatch.run",
        steps: refs("kernel.fiber.runError", "kernel.fiber.run1"),
        value: s => s(K, "fiber.runError") - dispatchRun(s),
    },
    { name: "kernel.tick", is: "the kernel's tick over the firmware's two DPC threads, waking none (Kernel.tick)", formula: "kernel.kernel.tick", steps: refs("kernel.kernel.tick"), value: s => s(K, "kernel.tick") },
    {
        name: "kernel.tickWake",
        is: "each thread the kernel's tick wakes (holding low-importance DPCs), beyond a tick that wakes none",
        formula: "kernel.kernel.tickWake - kernel.tick",
        steps: refs("kernel.kernel.tickWake", "kernel.kernel.tick"),
        value: s => s(K, "kernel.tickWake") - s(K, "kernel.tick"),
    },
    // The pin scan.
    { name: "scan.base", is: "the pin scan's slice, beyond its watched pins (PinScan.scan)", formula: "kernel.scan.idle1 - scan.pin", steps: refs("kernel.scan.idle1", "kernel.scan.idle4"), value: s => s(K, "scan.idle1") - scanPin(s) },
    { name: "scan.pin", is: "each watched pin of the first four, compared with what it read last", formula: "(kernel.scan.idle4 - kernel.scan.idle1) / 3", steps: refs("kernel.scan.idle4", "kernel.scan.idle1"), value: scanPin },
    { name: "scan.group", is: "each further group of four watched pins (compared in a closure of its own)", formula: "kernel.scan.idle8 - kernel.scan.idle4", steps: refs("kernel.scan.idle8", "kernel.scan.idle4"), value: s => s(K, "scan.idle8") - s(K, "scan.idle4") },
    { name: "scan.fire", is: "a pin that changed and raises the GPIO line (an edge watch): the change handler, the stamp, beyond the raise", formula: "kernel.scan.rise - kernel.scan.idle1 - raise", steps: refs("kernel.scan.rise", "kernel.scan.idle1", "kernel.raise.1"), value: s => s(K, "scan.rise") - s(K, "scan.idle1") - r1(s) },
    { name: "scan.noFire", is: "a pin that changed to a level its edge watch ignores (a rising watch falls): the change handler only", formula: "kernel.scan.fall - kernel.scan.idle1", steps: refs("kernel.scan.fall", "kernel.scan.idle1"), value: s => s(K, "scan.fall") - s(K, "scan.idle1") },
    { name: "scan.fireBoth", is: "a pin of a `both` watch that changed, beyond the raise", formula: "kernel.scan.both - kernel.scan.idle1 - raise", steps: refs("kernel.scan.both", "kernel.scan.idle1", "kernel.raise.1"), value: s => s(K, "scan.both") - s(K, "scan.idle1") - r1(s) },
    { name: "scan.fireLevel", is: "a pin of a level watch at its active level (raised at every scan), beyond the raise", formula: "kernel.scan.high - kernel.scan.idle1 - raise", steps: refs("kernel.scan.high", "kernel.scan.idle1", "kernel.raise.1"), value: s => s(K, "scan.high") - s(K, "scan.idle1") - r1(s) },
    // The timer fiber.
    { name: "timer.base", is: "the timer fiber's slice with nothing due, beyond its alarms (AlarmTimer.step: the kernel tick's deadline)", formula: "kernel.timer.none - timer.alarm", steps: refs("kernel.timer.none", "kernel.timer.fire2", "kernel.timer.fire"), value: timerBase },
    { name: "timer.alarm", is: "each attached alarm not due at the step", formula: "kernel.timer.fire2 - kernel.timer.fire", steps: refs("kernel.timer.fire2", "kernel.timer.fire"), value: alarmCheck },
    {
        name: "timer.fire",
        is: "an alarm that fires at the step: re-armed and its line raised (AlarmTimer.fire), beyond the raise",
        formula: "kernel.timer.fire - timer.base - raise",
        steps: refs("kernel.timer.fire", "kernel.timer.none", "kernel.timer.fire2", "kernel.raise.1"),
        value: s => s(K, "timer.fire") - timerBase(s) - r1(s),
    },
    {
        name: "timer.kernelTick",
        is: "the port's kernel tick when due at the step (Kernel.tick, PinScan.relax), on two DPC threads waking none",
        formula: "buttonTach.timer.tickOnly.tick - buttonTach.timer.tickOnly.none",
        steps: refs("buttonTach.timer.tickOnly.tick", "buttonTach.timer.tickOnly.none"),
        value: s => s(BT, "timer.tickOnly.tick") - s(BT, "timer.tickOnly.none"),
    },
    // The firmware's ISRs, driver by driver.
    isr("button", "gpio", BT, "request", "queueWake"),
    isr("button", "alarm", BT, "request", "queueWake"),
    isr("button", "alarm", BT, "skip"),
    isr("tach", "gpio", BT, "request", "queueLow"),
    isr("tach", "alarm", BT, "request", "queueWake"),
    isr("tach", "alarm", BT, "skip"),
    isr("sampler", "alarm", SH, "request", "queueLow"),
    isr("heartbeat", "alarm", SH, "request", "queueWake"),
    isr("heartbeat", "alarm", SH, "skip"),
    // The firmware's DPC routines.
    routine("button.debounce", BT, "button.debounce.run1", 1, false),
    {
        name: "routine.button.debounce.perEvent",
        is: "each further event of a button.debounce run (a bounce), beyond the kernel's per event",
        formula: "(buttonTach.button.debounce.run5 - buttonTach.button.debounce.run1) / 4 - dispatch.eventSame",
        steps: refs("buttonTach.button.debounce.run5", "buttonTach.button.debounce.run1", "kernel.fiber.run8same", "kernel.fiber.run1"),
        value: s => (s(BT, "button.debounce.run5") - s(BT, "button.debounce.run1")) / 4 - eventSame(s),
    },
    routine("button.hold", BT, "button.hold.run1", 1, false),
    routine("tach.edge", BT, "tach.edge.run2", 2, true),
    routine("tach.rate", BT, "tach.rate.run1", 1, false),
    routine("sampler.sample", SH, "sampler.sample.run1", 1, false),
    {
        name: "routine.sampler.sample.perEvent",
        is: "each further sample of a sampler.sample run, beyond the kernel's per event",
        formula: "(samplerHeartbeat.sampler.sample.run9 - samplerHeartbeat.sampler.sample.run1) / 8 - dispatch.eventDistinct",
        steps: refs("samplerHeartbeat.sampler.sample.run9", "samplerHeartbeat.sampler.sample.run1", "kernel.fiber.run8distinct", "kernel.fiber.run1"),
        value: s => (s(SH, "sampler.sample.run9") - s(SH, "sampler.sample.run1")) / 8 - eventDistinct(s),
    },
    routine("sampler.report", SH, "sampler.report.run1", 1, false),
    routine("heartbeat.beat", SH, "heartbeat.beat.run1", 1, false),
    routine("heartbeat.led", SH, "heartbeat.led.run1", 1, false),
    // The diagnostics printer's slices.
    record("lines", "printer.lines", "the report's first slice: every line record formatted, the first printed"),
    record("line", "printer.line", "each further line record printed"),
    record("dpc", "printer.dpc", "a DPC's dpc record formatted and printed"),
    record("lat", "printer.lat", "a DPC's lat record formatted and printed"),
    record("faults", "printer.faults", "a DPC's faults record formatted and printed"),
    record("core", "printer.core", "a core record formatted and printed"),
    record("events", "printer.events", "the events record formatted and printed (the report's last)"),
    record("idle", "printer.idle", "a printer slice with no report due (it sleeps until the next)"),
    record("boot", "printer.boot", "the boot record formatted and printed (once, at start)"),
    { name: "printer.err", is: "printing an err record formatted when its fault happened", formula: "kernel.printer.err", steps: refs("kernel.printer.err"), value: s => s(K, "printer.err") },
]
