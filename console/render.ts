import { formatNumber } from "../src/kernel/diagnostics"
import { REJECT_REASONS, RejectCounts } from "./reader"
import { ViewModel } from "./view-model"

/**
 * The console's screen as lines of text: a pure function of the view model and the wire
 * counters, so a test (or a non-terminal run's final view) gets exactly what a terminal shows.
 */
export interface ScreenInput {
    /** what is being read: `/dev/ttyACM0 @ 115200`, `replay capture.log`, `sim s.json` */
    source: string
    /** the last status message (disconnected, reconnected), if any */
    status?: string
    model: ViewModel
    records: number
    textLines: number
    rejects: RejectCounts
    /** the last text lines the board printed, oldest first (shown dimmed) */
    recentText?: string[]
    color?: boolean
}

const DIM = "\x1b[2m"
const BOLD = "\x1b[1m"
const RESET = "\x1b[0m"

function n(x: number): string {
    return isNaN(x) ? "-" : formatNumber(x)
}

/** Control bytes (and ESC) shown as `\xHH`, so a line can never drive the terminal. */
export function printable(s: string): string {
    return s.replace(/[\x00-\x1f\x7f]/g, c => (c === "\t" ? "    " : "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0")))
}

/** Raw latin1 line bytes with anything outside printable ASCII as `\xHH`. */
export function escapeBytes(s: string): string {
    return s.replace(/[^\x20-\x7e]/g, c => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0"))
}

/** Aligns a table: first `left` columns left-aligned, the rest right-aligned. */
export function table(header: string[], rows: string[][], left = 1): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)))
    const fmt = (r: string[]) =>
        r
            .map((c, i) => (i < left ? c.padEnd(widths[i]) : c.padStart(widths[i])))
            .join("  ")
            .trimEnd()
    return [fmt(header), ...rows.map(fmt)]
}

/** Columns a screen line takes (terminal escape sequences take none). */
function visibleLength(line: string): number {
    return line.replace(/\x1b\[[0-9;]*m/g, "").length
}

/** The first `cols` visible columns of a line, its escape sequences kept. */
function cut(line: string, cols: number): string {
    let out = ""
    let seen = 0
    for (let i = 0; i < line.length && seen < cols; ) {
        const m = /^\x1b\[[0-9;]*m/.exec(line.slice(i, i + 16))
        if (m) {
            out += m[0]
            i += m[0].length
        } else {
            out += line[i++]
            seen++
        }
    }
    return out
}

/**
 * A screen fitted to a terminal of `rows` x `cols`, saying what it leaves out: a line too wide
 * ends in `>`; when there are too many lines the blank ones go first, then the last lines, and
 * the bottom line says how many are hidden. One row stays free for the cursor.
 */
export function fitScreen(lines: string[], rows: number, cols: number): string[] {
    const room = Math.max(1, rows - 1)
    let out = lines
    if (out.length > room) out = out.filter((l, i) => l !== "" || i === 0)
    if (out.length > room) {
        const hidden = out.length - room + 1
        out = [...out.slice(0, room - 1), `... ${hidden} more line${hidden === 1 ? "" : "s"} below: make the terminal taller (${rows} rows now)`]
    }
    const width = Math.max(2, cols)
    return out.map(l => (visibleLength(l) > width ? cut(l, width - 1) + ">" : l))
}

export function rejectSummary(rejects: RejectCounts): string {
    let total = 0
    const parts: string[] = []
    for (const r of REJECT_REASONS) {
        total += rejects[r]
        if (rejects[r] > 0) parts.push(`${r} ${rejects[r]}`)
    }
    return parts.length > 0 ? `rejected ${total} (${parts.join(", ")})` : "rejected 0"
}

export function renderScreen(s: ScreenInput): string[] {
    const m = s.model
    const bold = (t: string) => (s.color ? BOLD + t + RESET : t)
    const dim = (t: string) => (s.color ? DIM + t + RESET : t)
    const out: string[] = []
    const b = m.boot
    const board = b === null ? "board: waiting for a boot record" : `board ${b.board}, ${n(b.cores)} cores, policy ${b.policy}, ${n(b.threads)} DPC threads, version ${b.version}`
    out.push(bold(`dpc-console  ${s.source}`) + `  ${board}` + (m.boots > 1 ? `  (reset seen: boot #${m.boots})` : ""))
    if (s.status) out.push(`status: ${s.status}`)
    const e = m.events
    out.push(
        e === null
            ? "events: -"
            : `events: raised ${n(e.raised)}, processed ${n(e.processed)}, dropped ${n(e.dropped)}, pending ${n(e.pending)}` +
                  (e.diagLost > 0 ? `  (the board could not send ${n(e.diagLost)} diagnostics lines: this view may miss some)` : "")
    )

    out.push("")
    const cores = m.coreRows()
    if (cores.length === 0) out.push(dim("cores: no core record yet"))
    else out.push(...table(["core", "util%", "qmax", "isr_us", "dpc_us", "threads", "runs"], cores.map(c => [n(c.id), n(c.util), n(c.qmax), n(c.isrUs), n(c.dpcUs), n(c.threads), n(c.runs)]), 0))

    out.push("")
    const lines = m.lineRows()
    if (lines.length === 0) out.push(dim("interrupt lines: no line record yet"))
    else
        out.push(
            ...table(
                ["interrupt line", "core", "count", "dropped", "rate/s"],
                lines.map(l => [printable(l.name), n(l.core), n(l.count), n(l.dropped), l.rate === null ? "-" : n(Math.round(l.rate * 10) / 10)])
            )
        )

    out.push("")
    const dpcs = m.dpcRows()
    if (dpcs.length === 0) out.push(dim("DPCs: no dpc record yet"))
    else
        out.push(
            ...table(
                ["dpc", "runs", "events", "coalesced", "dropped", "errors", "watchdog", "lat_p50_us", "lat_p99_us", "lat_max_us", "cores"],
                dpcs.map(d => [
                    printable(d.name), n(d.runs), n(d.events), n(d.coalesced), n(d.dropped), n(d.errors), n(d.watchdog),
                    n(d.latP50Us), n(d.latP99Us), n(d.latMaxUs), printable(d.cores),
                ])
            )
        )

    out.push("")
    if (m.errorRecords === 0) out.push("errors: none")
    else {
        const shown = m.errors.length < m.errorRecords ? `, last ${m.errors.length}` : ""
        out.push(`errors: ${m.errorRecords}${shown}`)
        for (const r of m.errors) out.push(`  ${printable(r.fault).padEnd(8)}  ${printable(r.fields.join(" "))}`)
    }
    out.push("")
    const ignored = m.ignored > 0 ? `, ${m.ignored} ignored` : ""
    out.push(`wire: ${s.records} records${ignored}, ${s.textLines} text lines, ${rejectSummary(s.rejects)}`)
    if (s.recentText && s.recentText.length > 0) {
        out.push("")
        for (const t of s.recentText) out.push(dim(printable(t)))
    }
    return out
}
