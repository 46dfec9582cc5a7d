/**
 * The side-by-side that ends the report of an `app: firmware` run: the same stimulus under the
 * native host (true ISRs on every core) and the devicescript host (the one VM on one core), so
 * that a reader sees what the method buys and what today's runtime costs.
 */
import { Histogram } from "../../src/kernel"
import { SimResult } from "../run"
import { formatTable, timeText } from "./report"

/** Every event's latency on the board: the DPCs' histograms added up (null when no DPC). */
function allLatencies(r: SimResult): Histogram | null {
    const dpcs = r.board.kernel.dpcs
    if (dpcs.length === 0) return null
    const h = new Histogram(dpcs[0].stats.latency.layout)
    for (const d of dpcs) h.add(d.stats.latency)
    return h
}

function missed(r: SimResult): number {
    let n = 0
    for (const l of r.summary.lines) n += l.missed
    return n
}

/** The side-by-side of `a` and `b` (the same scenario under two hosts), as report lines. */
export function formatSideBySide(a: SimResult, b: SimResult): string {
    const runs = [a, b]
    const rows: string[][] = [["same stimulus, both hosts", ...runs.map(r => r.summary.host)]]
    for (let c = 0; c < a.summary.cores.length; c++) rows.push([`core ${c} CPU`, ...runs.map(r => `${(r.summary.cores[c].utilization * 100).toFixed(1)}%`)])
    rows.push(["events raised", ...runs.map(r => `${r.summary.events.raised}`)])
    rows.push(["events processed", ...runs.map(r => `${r.summary.events.processed}`)])
    rows.push(["dropped", ...runs.map(r => `${r.summary.events.dropped}`)])
    rows.push(["missed (never reached an ISR or the scan)", ...runs.map(r => `${missed(r)}`)])
    rows.push([
        "latency p50 / p99",
        ...runs.map(r => {
            const h = allLatencies(r)
            return h === null || h.count() === 0 ? "-" : `${timeText(h.percentileNs(50) / 1000)} / ${timeText(h.percentileNs(99) / 1000)}`
        }),
    ])
    rows.push(["diagnostics lines sent / lost", ...runs.map(r => `${r.board.uart.sentLines} / ${r.board.diagLost()}`)])
    return formatTable(rows).join("\n") + "\n"
}
