import { formatRecord } from "./diagnostics"
import { Dpc } from "./dpc"
import { Fault } from "./fault"
import { Kernel } from "./kernel"
import { VERSION } from "./version"

/**
 * Builds the diagnostics records (SPEC 3.4) from a kernel's statistics. Every host prints
 * these same lines: the firmware on its console every second, the simulator on its UART.
 * Times are in microseconds (3 decimals).
 *
 * A record costs several thousand opcodes in the DeviceScript VM, which allows 128 K opcodes
 * per fiber slice; a device host formats one record per slice (see the per-item functions).
 */

function us(ns: number): number {
    return ns / 1000
}

/** `boot`: board, cores, policy, DPC threads, version. Printed once at start (and on reset). */
export function bootRecord(kernel: Kernel, board: string): string {
    return formatRecord(
        "boot",
        ["board", "cores", "policy", "threads", "version"],
        [board, kernel.cores, kernel.policyName, kernel.threads.length, VERSION]
    )
}

/** `line`: one per (interrupt line, core) that took interrupts, plus the line's routed core. */
export function lineRecords(kernel: Kernel): string[] {
    const out: string[] = []
    for (let i = 0; i < kernel.lines.length; i++) {
        const l = kernel.lines[i]
        for (let c = 0; c < kernel.cores; c++) {
            if (l.countByCore[c] === 0 && l.droppedByCore[c] === 0 && c !== l.core) continue
            out.push(formatRecord("line", ["name", "core", "count", "dropped"], [l.name, c, l.countByCore[c], l.droppedByCore[c]]))
        }
    }
    return out
}

/** Cores a DPC has run on, as `0+1`. */
export function coresText(mask: number, cores: number): string {
    let s = ""
    for (let c = 0; c < cores; c++) if (mask & (1 << c)) s += (s.length > 0 ? "+" : "") + c
    return s.length > 0 ? s : "-"
}

/** `dpc`: one DPC's counters and latency percentiles. */
export function dpcRecord(kernel: Kernel, d: Dpc): string {
    const s = d.stats
    return formatRecord(
        "dpc",
        [
            "name", "runs", "events", "coalesced", "max_batch", "dropped", "pending", "errors", "watchdog",
            "lat_p50_us", "lat_p99_us", "lat_max_us", "run_max_us", "cores",
        ],
        [
            d.name, s.runs, s.processed, s.coalesced, s.maxBatch, s.dropped, d.ring.count, s.errors, s.watchdog,
            us(s.latency.percentileNs(50)), us(s.latency.percentileNs(99)), us(s.latency.maxNs), us(s.longestRunNs),
            coresText(s.coresMask, kernel.cores),
        ]
    )
}

/** `dpc` records for every DPC. */
export function dpcRecords(kernel: Kernel): string[] {
    const out: string[] = []
    for (let i = 0; i < kernel.dpcs.length; i++) out.push(dpcRecord(kernel, kernel.dpcs[i]))
    return out
}

/**
 * `core`: core c's utilization over `elapsedNs` (percent, ISR + DPC time), ISR and DPC time,
 * DPC threads, runs, and the deepest any of its DPC queues got.
 */
export function coreRecord(kernel: Kernel, c: number, elapsedNs: number): string {
    let dpcNs = 0
    let runs = 0
    let qmax = 0
    const own = kernel.byCore[c]
    for (let k = 0; k < own.length; k++) {
        dpcNs += own[k].busyNs
        runs += own[k].runs
        if (own[k].queue.maxLength > qmax) qmax = own[k].queue.maxLength
    }
    const isrNs = kernel.isrNsByCore[c]
    const util = elapsedNs > 0 ? Math.round((1000 * (isrNs + dpcNs)) / elapsedNs) / 10 : 0
    return formatRecord(
        "core",
        ["id", "util", "isr_us", "dpc_us", "threads", "runs", "qmax"],
        [c, util, us(isrNs), us(dpcNs), own.length, runs, qmax]
    )
}

/** `core` records for every core. */
export function coreRecords(kernel: Kernel, elapsedNs: number): string[] {
    const out: string[] = []
    for (let c = 0; c < kernel.cores; c++) out.push(coreRecord(kernel, c, elapsedNs))
    return out
}

/**
 * `events`: the conservation totals (raised = processed + dropped + pending). A host that knows
 * how many diagnostics lines it could not send (a full console buffer) passes `diagLost`; the
 * record then carries it as `diag_lost`, so a reader knows its view may be missing lines.
 */
export function eventsRecord(kernel: Kernel, diagLost?: number): string {
    const t = kernel.totals()
    if (diagLost === undefined)
        return formatRecord("events", ["raised", "processed", "dropped", "pending"], [t.raised, t.processed, t.dropped, t.pending])
    return formatRecord("events", ["raised", "processed", "dropped", "pending", "diag_lost"], [t.raised, t.processed, t.dropped, t.pending, diagLost])
}

/** `err`: one fault (a DPC that threw, a ring overflow, a watchdog hit). */
export function faultRecord(f: Fault): string {
    const name = f.dpc === null ? "" : f.dpc.name
    if (f.kind === "overflow") {
        const src = f.source
        return formatRecord(
            "err",
            ["fault", "dpc", "line", "source", "core", "count"],
            ["overflow", name, src === null ? "" : src.line.name, src === null ? "" : src.name, f.core, f.count]
        )
    }
    if (f.kind === "watchdog")
        return formatRecord("err", ["fault", "dpc", "core", "run_us", "count"], ["watchdog", name, f.core, us(f.runNs), f.count])
    return formatRecord("err", ["fault", "dpc", "core", "count", "message"], ["error", name, f.core, f.count, f.message])
}

/** The periodic report: lines, DPCs, cores and the totals, in that order (`diagLost`: see eventsRecord). */
export function periodicRecords(kernel: Kernel, elapsedNs: number, diagLost?: number): string[] {
    const out = lineRecords(kernel)
    const d = dpcRecords(kernel)
    for (let i = 0; i < d.length; i++) out.push(d[i])
    const c = coreRecords(kernel, elapsedNs)
    for (let i = 0; i < c.length; i++) out.push(c[i])
    out.push(eventsRecord(kernel, diagLost))
    return out
}
