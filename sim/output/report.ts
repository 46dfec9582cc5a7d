/**
 * The human-readable report `dpc-sim run` prints by default: the run, per-core time, per-line
 * counts, a per-DPC table with latency and run-time percentiles, and the conservation check.
 */
import { SimResult } from "../run"

function pad(s: string, n: number): string {
    return s.length >= n ? s : s + " ".repeat(n - s.length)
}
function lpad(s: string, n: number): string {
    return s.length >= n ? s : " ".repeat(n - s.length) + s
}
/** A table: the first row is the header; columns after the first are right-aligned. */
export function formatTable(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)))
    return rows.map(r => r.map((c, i) => (i === 0 ? pad(c, widths[i]) : lpad(c, widths[i]))).join("  ").trimEnd())
}
/** A time given in us, in us or ms. */
export function timeText(us: number): string {
    return us >= 1000 ? `${(us / 1000).toFixed(3)} ms` : `${us.toFixed(1)} us`
}
function num(us: number): string {
    return us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2)
}

export function formatReport(r: SimResult, wallSeconds?: number): string {
    const s = r.summary
    const b = r.scenario.board
    const out: string[] = []
    out.push(`${r.scenario.file}: ${s.board} (${b.name}, ${b.cores} core${b.cores === 1 ? "" : "s"} at ${b.clockHz / 1e6} MHz), host ${s.host}, policy ${s.policy}, seed ${s.seed}`)
    let speed = ""
    if (wallSeconds !== undefined && wallSeconds > 0) {
        const ratio = s.simulated_us / 1e6 / wallSeconds
        speed = `; ${wallSeconds.toFixed(2)} s wall, ${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}x real time, ${(s.events.raised / wallSeconds / 1e6).toFixed(2)} M events/s`
    }
    out.push(`simulated ${timeText(s.simulated_us)}, ${s.events.raised} interrupt events${speed}`)
    out.push("")
    const native = s.host === "native"
    const coreRows = [
        native
            ? ["core", "util", "isr", "dpc", "of it wake+switch", "idle", "ISR nesting", "DPC threads (runs/events)"]
            : ["core", "util", "scan+timer", "other slices", "of it wake+switch", "idle", "ISR nesting", "DPC fibers (runs/events)"],
    ]
    for (const c of s.cores) {
        const core = r.board.cores[c.id]
        coreRows.push([
            `core ${c.id}`,
            `${(c.utilization * 100).toFixed(1)}%`,
            timeText(c.isr_us),
            timeText(c.dpc_us),
            timeText(core.switchNs / 1000),
            timeText(c.idle_us),
            `${core.maxDepth}`,
            c.threads.map(t => `t${t.id} ${t.dpc_runs}/${t.events}`).join("  ") || "-",
        ])
    }
    out.push(...formatTable(coreRows))
    out.push(...r.board.describeHost())
    out.push("")
    const lineRows = [["interrupt line", "core", "events", "isr entries", "dropped", "missed", "late"]]
    for (const l of s.lines) {
        const entries = r.board.isrEntriesOn(l.name, l.core)
        lineRows.push([l.name, `${l.core}`, `${l.count}`, `${entries}`, `${l.dropped}`, `${l.missed}`, `${r.board.lateOn(l.name, l.core)}`])
    }
    out.push(...formatTable(lineRows))
    out.push("")
    const dpcRows = [["dpc", "runs", "events", "coalesced", "max batch", "dropped", "errors", "watchdog", "cores", "latency p50/p99/max us", "run p50/p99/max us"]]
    for (const d of s.dpcs)
        dpcRows.push([
            d.name,
            `${d.runs}`,
            `${d.events}`,
            `${d.coalesced}`,
            `${d.max_batch}`,
            `${d.dropped}`,
            `${d.errors}`,
            `${d.watchdog}`,
            d.cores_used.join("+") || "-",
            `${num(d.latency_us.p50)} / ${num(d.latency_us.p99)} / ${num(d.latency_us.max)}`,
            `${num(d.run_us.p50)} / ${num(d.run_us.p99)} / ${num(d.run_us.max)}`,
        ])
    out.push(...formatTable(dpcRows))
    out.push("")
    const e = s.events
    const ok = e.raised === e.processed + e.dropped + e.pending
    out.push(`events: raised ${e.raised} = processed ${e.processed} + dropped ${e.dropped} + pending ${e.pending}  (conservation ${ok ? "holds" : "BROKEN"})`)
    const uart = r.board.uart
    out.push(`uart: ${uart.sentLines} diagnostics lines (${uart.sentBytes} bytes) at ${uart.baud} baud; the transmit buffer held at most ${uart.maxBacklogBytes} of ${uart.bufferBytes} bytes`)
    if (uart.droppedLines > 0) out.push(`uart: ${uart.droppedLines} diagnostics line(s) dropped: the ${uart.bufferBytes}-byte transmit buffer was full`)
    if (r.board.faultsUnsent > 0)
        out.push(`uart: ${r.board.faultsUnsent} fault(s) counted without an err record (the transmit buffer was half full); the DPC totals include them`)
    out.push(r.invariants === "" ? "invariants: conservation, per-source order, no DPC on two threads at once: all hold" : `invariants: BROKEN: ${r.invariants}`)
    return out.join("\n") + "\n"
}
