/**
 * The firmware's opcode budgets on a board (docs/board-limits.md), and the measurements they
 * are checked against: the kernel's hot paths, the pin scan per watched pin, and the whole
 * firmware per second, idle and under the default scenario's stimulus. Exact VM opcode counts
 * from the meter, so the same code gives the same numbers on every machine. `npm run bench`
 * (figure 4) prints them against their baselines; the budget test asserts the ceilings.
 */
import { join } from "node:path"
import { loadScenario } from "../../sim/scenario/load"
import { firmwareLoad } from "./firmware-load"
import { MeterOptions, ROOT, measure } from "./meter"

/** The ceilings (opcodes). */
export const BUDGETS = {
    /** One interrupt whose ISR requests an idle DPC, and that DPC's run of its one event. */
    eventBatch1: 400,
    /** Each further event that joins a queued DPC's batch: its request and its share of the run. */
    eventCoalesced: 160,
    /** runNext on a thread with nothing queued. */
    dispatchEmpty: 15,
    /** One pin scan with no pin changed: a fixed part and a part per watched pin. */
    scanFixed: 6,
    scanPerPin: 10,
    /** The whole firmware per second, with no stimulus and under the default scenario's. */
    firmwareIdlePerSecond: 80000,
    firmwareStimulusPerSecond: 150000,
}

/** Watched-pin counts the scan is measured with. */
export const SCAN_PINS = [1, 2, 3, 8]

/** The window of the firmware measured: one second, after start-up, with one report in it. */
const FIRMWARE_WINDOW = { fromMs: 1000, toMs: 2000 }

const DEFAULT_SCENARIO = join(ROOT, "scenarios", "default.json")

export interface KernelOpcodes {
    /** A bare closure call in the VM: the floor for anything done per event. */
    closure: number
    /** ISR + request of an idle DPC. */
    isrIdle: number
    /** A request that joins a queued DPC's batch (ISR included). */
    isrCoalesce: number
    /** ISR + request + the DPC's run, batch of 1. */
    batch1: number
    /** Per event of ISR + request + a run of 8. */
    batch8PerEvent: number
    /** Each event after the first in a batch: its coalescing request and what it adds to the run. */
    coalescedEvent: number
    dispatchEmpty: number
}

const KERNEL_PROBES = ["base.closure", "kernel.warm", "kernel.isrIdle", "kernel.isrCoalesce", "kernel.runBatch1", "kernel.runBatch8", "kernel.isr8", "kernel.dispatchEmpty"]

/** The kernel's paths and the scans, in one meter run (each probe is a `devs run` of seconds; one run shares the baseline). */
export async function kernelAndScanOpcodes(opts: MeterOptions = {}): Promise<{ kernel: KernelOpcodes; scans: { pins: number; opcodes: number }[] }> {
    const m = await measure([...KERNEL_PROBES, ...SCAN_PINS.map(n => ({ id: "scan.pins", args: String(n) }))], opts)
    return {
        kernel: kernelFrom(m.slice(0, KERNEL_PROBES.length).map(r => r.opcodes)),
        scans: SCAN_PINS.map((pins, i) => ({ pins, opcodes: m[KERNEL_PROBES.length + i].opcodes })),
    }
}

/** The kernel's paths from the probes of tools/opmeter/devs/probes/kernel.ts (net of their warm-up). */
function kernelFrom(opcodes: number[]): KernelOpcodes {
    const v = (id: string) => opcodes[KERNEL_PROBES.indexOf(id)]
    const warm = v("kernel.warm")
    const isrIdle = v("kernel.isrIdle") - warm
    const isrCoalesce = v("kernel.isrCoalesce") - warm - isrIdle
    const batch1 = v("kernel.runBatch1") - warm
    const run1 = batch1 - isrIdle
    const run8 = v("kernel.runBatch8") - v("kernel.isr8")
    return {
        closure: v("base.closure"),
        isrIdle,
        isrCoalesce,
        batch1,
        batch8PerEvent: (v("kernel.runBatch8") - warm) / 8,
        coalescedEvent: isrCoalesce + (run8 - run1) / 7,
        dispatchEmpty: v("kernel.dispatchEmpty") - warm,
    }
}

/** The scan's ceiling for `pins` watched pins. */
export function scanBudget(pins: number): number {
    return BUDGETS.scanFixed + BUDGETS.scanPerPin * pins
}

export interface FirmwareOpcodes {
    idlePerSecond: number
    stimulusPerSecond: number
}

/** The firmware's opcodes per second over FIRMWARE_WINDOW, with no stimulus and under the default scenario's. */
export async function firmwareOpcodes(opts: MeterOptions = {}): Promise<FirmwareOpcodes> {
    const sc = loadScenario(DEFAULT_SCENARIO)
    // Idle, the second fits one VM slice (one probe run); under the stimulus it takes two.
    const idle = await firmwareLoad({ ...sc, stimulus: [] }, { ...opts, ...FIRMWARE_WINDOW, windowMs: 1000 })
    const busy = await firmwareLoad(sc, { ...opts, ...FIRMWARE_WINDOW, windowMs: 500 })
    return { idlePerSecond: idle.opcodes / idle.seconds, stimulusPerSecond: busy.opcodes / busy.seconds }
}
