import { encodeValue, formatNumber, sealRecord } from "./diagnostics"
import { Dpc } from "./dpc"
import { Fault } from "./fault"
import { Kernel } from "./kernel"
import { VERSION } from "./version"

/**
 * Builds the diagnostics records (SPEC 3.4) from a kernel's statistics. Every host prints
 * these same lines: the firmware on its console every second, the simulator on its UART.
 * Times are in microseconds (3 decimals).
 *
 * Every record fits MAX_RECORD (a board's log line) with names of the longest the kernel takes
 * and counters of ten digits: a DPC's report is three records (dpc, lat, faults).
 *
 * On a DeviceScript board a report (records per line, DPC and core) is formatted every second
 * and every VM opcode costs microseconds, so each record is written out as one string
 * expression and sealed (sealRecord) once: the kernel's names, checked when they were
 * registered, and its counters, whole numbers, go in as they are; fractions go through
 * formatNumber and free text (a fault's message, the board's name) through encodeValue. The
 * keys here are the contract of SPEC 3.4; test/kernel/diagnostics.test.ts parses every record.
 */

/** Most characters of an error's (encoded) message an `err` record carries: the record then fits MAX_RECORD. */
export const MAX_MESSAGE = 60

/** `text` cut to `max` characters, not inside a %XX escape, with `...` when cut. */
function clip(text: string, max: number): string {
    if (text.length <= max) return text
    let end = max - 3
    const pct = text.lastIndexOf("%", end - 1)
    if (pct >= 0 && pct > end - 3) end = pct
    return text.slice(0, end) + "..."
}

/** A time in ns as microseconds, as diagnostics text. */
function us(ns: number): string {
    return formatNumber(ns / 1000)
}

/** `boot`: board, cores, policy, DPC threads, version. Printed once at start (and on reset). */
export function bootRecord(kernel: Kernel, board: string): string {
    return sealRecord(
        "DPC,boot,board=" + encodeValue(board) + ",cores=" + kernel.cores + ",policy=" + kernel.policyName +
            ",threads=" + kernel.threads.length + ",version=" + encodeValue(VERSION)
    )
}

/** `line`: one per (interrupt line, core) that took interrupts, plus the line's routed core. */
export function lineRecords(kernel: Kernel): string[] {
    const out: string[] = []
    for (let i = 0; i < kernel.lines.length; i++) {
        const l = kernel.lines[i]
        for (let c = 0; c < kernel.cores; c++) {
            if (l.countByCore[c] === 0 && l.droppedByCore[c] === 0 && c !== l.core) continue
            out.push(sealRecord("DPC,line,name=" + l.name + ",core=" + c + ",count=" + l.countByCore[c] + ",dropped=" + l.droppedByCore[c]))
        }
    }
    return out
}

/** `0`, `1`, `0+1`, ... for the masks of up to four cores; `-` for none. */
const CORES_TEXT: string[] = []
for (let m = 0; m < 16; m++) CORES_TEXT.push(coresOf(m, 4))

/** The cores of `mask`, `+` between them and three or more in a row as a range (`0-15`). */
function coresOf(mask: number, cores: number): string {
    let s = ""
    let c = 0
    while (c < cores) {
        if (!(mask & (1 << c))) {
            c++
            continue
        }
        let last = c
        while (last + 1 < cores && mask & (1 << (last + 1))) last++
        const run = last - c >= 2 ? c + "-" + last : last > c ? c + "+" + last : "" + c
        s += (s.length > 0 ? "+" : "") + run
        c = last + 1
    }
    return s.length > 0 ? s : "-"
}

/** Cores a DPC has run on, as `0+1` (three or more in a row as a range: `0-3`). */
export function coresText(mask: number, cores: number): string {
    return mask < 16 ? CORES_TEXT[mask] : coresOf(mask, cores)
}

/**
 * `dpc`: one DPC's counters of the method (runs, events, coalescing, batches, what waits, the
 * cores it ran on). With `lat` and `faults` it makes the DPC's report: three records, so that
 * each fits a board's log line (MAX_RECORD) with the longest name and the largest counters.
 */
export function dpcRecord(kernel: Kernel, d: Dpc): string {
    const s = d.stats
    return sealRecord(
        "DPC,dpc,name=" + d.name + ",runs=" + s.runs + ",events=" + s.processed + ",coalesced=" + d.coalesced() +
            ",max_batch=" + s.maxBatch + ",pending=" + d.ring.count + ",cores=" + coresText(d.coresMask(), kernel.cores)
    )
}

/** `lat`: one DPC's latency percentiles (stamp to run start, per event) and its longest run. */
export function latRecord(d: Dpc): string {
    const s = d.stats
    const lat = s.latency
    const samples = lat.count()
    return sealRecord(
        "DPC,lat,name=" + d.name + ",lat_p50_us=" + us(lat.percentileNs(50, samples)) + ",lat_p99_us=" + us(lat.percentileNs(99, samples)) +
            ",lat_max_us=" + us(lat.maxNs) + ",run_max_us=" + us(s.runTime.maxNs)
    )
}

/** `faults`: one DPC's dropped events, runs that threw and watchdog hits. */
export function faultsRecord(d: Dpc): string {
    const s = d.stats
    return sealRecord("DPC,faults,name=" + d.name + ",dropped=" + s.dropped + ",errors=" + s.errors + ",watchdog=" + s.watchdog)
}

/** Records a DPC's report takes (dpc, lat, faults). */
export const RECORDS_PER_DPC = 3

/** Record k (0 ..= 2) of DPC d's report. */
export function dpcReportRecord(kernel: Kernel, d: Dpc, k: number): string {
    if (k === 0) return dpcRecord(kernel, d)
    if (k === 1) return latRecord(d)
    return faultsRecord(d)
}

/** The `dpc`, `lat` and `faults` records of every DPC. */
export function dpcRecords(kernel: Kernel): string[] {
    const out: string[] = []
    for (let i = 0; i < kernel.dpcs.length; i++) for (let k = 0; k < RECORDS_PER_DPC; k++) out.push(dpcReportRecord(kernel, kernel.dpcs[i], k))
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
        runs += own[k].runCount()
        const q = own[k].maxQueued()
        if (q > qmax) qmax = q
    }
    const isrNs = kernel.isrNsByCore[c]
    const util = elapsedNs > 0 ? Math.round((1000 * (isrNs + dpcNs)) / elapsedNs) / 10 : 0
    return sealRecord(
        "DPC,core,id=" + c + ",util=" + formatNumber(util) + ",isr_us=" + us(isrNs) + ",dpc_us=" + us(dpcNs) + ",threads=" + own.length +
            ",runs=" + runs + ",qmax=" + qmax
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
    const body = "DPC,events,raised=" + t.raised + ",processed=" + t.processed + ",dropped=" + t.dropped + ",pending=" + t.pending
    return sealRecord(diagLost === undefined ? body : body + ",diag_lost=" + diagLost)
}

/** `err`: one fault (a DPC that threw, a ring overflow, a watchdog hit). */
export function faultRecord(f: Fault): string {
    const name = f.dpc === null ? "" : f.dpc.name
    if (f.kind === "overflow") {
        const src = f.source
        return sealRecord(
            "DPC,err,fault=overflow,dpc=" + name + ",line=" + (src === null ? "" : src.line.name) + ",source=" + (src === null ? "" : src.name) +
                ",core=" + f.core + ",count=" + f.count
        )
    }
    if (f.kind === "watchdog") return sealRecord("DPC,err,fault=watchdog,dpc=" + name + ",core=" + f.core + ",run_us=" + us(f.runNs) + ",count=" + f.count)
    return sealRecord("DPC,err,fault=error,dpc=" + name + ",core=" + f.core + ",count=" + f.count + ",message=" + clip(encodeValue(f.message), MAX_MESSAGE))
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
