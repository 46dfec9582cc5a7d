/**
 * Figure 4, opcodes on a board: exact DeviceScript VM opcode counts (the opcode meter,
 * tools/opmeter/) of the kernel's paths, the pin scan and the whole firmware, each against a
 * baseline measured in the same run, and what they mean for each board's CPU from the board
 * file's cost per opcode (hardware.devicescript.opcodeNs). Not in `--quick` (a few minutes).
 *
 *   F4.5-F4.10  kernel paths per event, against a bare closure call in the VM
 *   F4.11-F4.14 one pin scan of 1, 2, 3 and 8 watched pins, against one closure call per pin
 *   F4.15-F4.16 the firmware's opcodes per second, idle (against its 1 ms scan of 2 pins alone)
 *               and under the default scenario's stimulus (against idle)
 *   F4.17       the share of an RP2040 that is, against idle
 *   F4.18       per board, the highest tach rate the firmware sustains below 50 % CPU, against the
 *               default scenario's 200 Hz
 */
import { Figure, figure } from "./figure"
import { boardIds, loadBoard } from "../sim/board-spec"
import { BUDGETS, KernelOpcodes, firmwareOpcodes, kernelAndScanOpcodes, scanBudget } from "../tools/opmeter/budgets"

/** The default scenario's tach rate (rising edges per second). */
const TACH_HZ = 200
/** The share of a core the firmware may take (the rest is the runtime's: log, USB, GC). */
const CPU_LIMIT = 0.5

export interface BoardRate {
    board: string
    /** Highest tach rate below CPU_LIMIT at the board's plain and kernel-code ns per opcode, and what the scan can follow. */
    plainHz: number
    kernelHz: number
    scanHz: number
}

/**
 * The highest tach rate per board: the idle firmware's opcodes plus, per rising edge, what the
 * default stimulus adds over idle divided by its 200 edges a second (all of the button's and the
 * sampler's share charged to the tach: an upper bound per edge), below CPU_LIMIT; and at most
 * what the scan can see: a square wave needs two scans per period, one a wake (wakeMs).
 */
export function boardRates(idlePerSecond: number, stimulusPerSecond: number): BoardRate[] {
    const perEdge = (stimulusPerSecond - idlePerSecond) / TACH_HZ
    return boardIds().map(id => {
        const ds = loadBoard(id).devicescript
        const hz = (ns: number) => Math.max(0, Math.floor((CPU_LIMIT * 1e9 - idlePerSecond * ns) / (perEdge * ns)))
        return { board: id, plainHz: hz(ds.opcodeNs.plain), kernelHz: hz(ds.opcodeNs.kernel), scanHz: Math.floor(1000 / (2 * ds.wakeMs)) }
    })
}

function kernelFigures(k: KernelOpcodes): Figure[] {
    const vs = "a bare closure call in the VM"
    const f = (id: string, name: string, v: number, note?: string) => figure(id, name, v, "opcodes/event", vs, k.closure, { lowerIsBetter: true, note })
    return [
        f("F4.5", "kernel ISR + request of an idle DPC", k.isrIdle),
        f("F4.6", "kernel coalescing request (joins a queued batch)", k.isrCoalesce),
        f("F4.7", "kernel ISR + request + DPC run, batch of 1", k.batch1, `budget <= ${BUDGETS.eventBatch1}`),
        f("F4.8", "kernel ISR + request + DPC run, batch of 8, per event", k.batch8PerEvent),
        f("F4.9", "kernel each further event coalesced into a batch", k.coalescedEvent, `budget <= ${BUDGETS.eventCoalesced}`),
        f("F4.10", "kernel runNext on an empty queue", k.dispatchEmpty, `budget <= ${BUDGETS.dispatchEmpty}`),
    ]
}

export async function devsOpcodeFigures(): Promise<Figure[]> {
    // Progress on stderr: each probe is a `devs run` of several seconds, a few minutes in all.
    const progress = (what: string) => ({
        onProgress: (done: number, total: number, id: string) =>
            process.stderr.write(`\r  F4 ${what}: probe ${done}/${total} ${id}`.padEnd(72) + (done === total ? "\n" : "")),
    })
    const { kernel: k, scans } = await kernelAndScanOpcodes(progress("kernel and scan"))
    const fw = await firmwareOpcodes(progress("firmware load"))
    const out = kernelFigures(k)
    scans.forEach((s, i) =>
        out.push(
            figure(`F4.${11 + i}`, `pin scan of ${s.pins} watched pin${s.pins > 1 ? "s" : ""}, none changed`, s.opcodes, "opcodes/scan", "one closure call per pin", s.pins * k.closure, {
                lowerIsBetter: true,
                note: `budget <= ${scanBudget(s.pins)}`,
            })
        )
    )
    // The firmware watches 2 pins (button, tach): its 1 ms scan alone, every ms, is the idle baseline.
    const scan2 = scans.find(s => s.pins === 2)!.opcodes
    out.push(
        figure("F4.15", "firmware idle", fw.idlePerSecond, "opcodes/s", "its 1 ms scan of 2 pins alone", 1000 * scan2, {
            lowerIsBetter: true,
            note: `${Math.round(fw.idlePerSecond)} exactly; budget <= ${BUDGETS.firmwareIdlePerSecond}`,
        }),
        figure("F4.16", "firmware under the default stimulus", fw.stimulusPerSecond, "opcodes/s", "idle", fw.idlePerSecond, {
            lowerIsBetter: true,
            note: `${Math.round(fw.stimulusPerSecond)} exactly; budget <= ${BUDGETS.firmwareStimulusPerSecond}`,
        })
    )
    const rp = loadBoard("rp2040").devicescript.opcodeNs
    const share = (ops: number, ns: number) => (100 * ops * ns) / 1e9
    out.push(
        figure("F4.17", "RP2040 CPU at the default stimulus (plain-code ns/opcode)", share(fw.stimulusPerSecond, rp.plain), "%", "idle", share(fw.idlePerSecond, rp.plain), {
            lowerIsBetter: true,
            note: `${share(fw.stimulusPerSecond, rp.kernel).toFixed(0)} % at kernel-code ns/opcode`,
        })
    )
    boardRates(fw.idlePerSecond, fw.stimulusPerSecond).forEach((r, i) =>
        out.push(
            figure("F4.18", `${r.board} highest tach rate below 50 % CPU (plain-code ns/opcode)`, Math.min(r.plainHz, r.scanHz), "Hz", "the default scenario's tach", TACH_HZ, {
                note: `${Math.min(r.kernelHz, r.scanHz)} Hz at kernel-code ns/opcode; the scan follows up to ${r.scanHz} Hz`,
            })
        )
    )
    return out
}
