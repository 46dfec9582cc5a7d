/**
 * Draws figure 3 (throughput and p99 latency against offered load, one line per policy) as an
 * SVG from the benchmark's JSON output:
 *
 *   node dist/bench/plot.js bench-results.json docs/figure3.svg
 *
 * Plain SVG written by hand: no plotting dependency, deterministic output for the same JSON.
 */
import { readFileSync, writeFileSync } from "node:fs"

export interface PlotRow {
    board: string
    load: number
    policy: string
    eventsPerSec: number
    p99us: number
}

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"]
const W = 420
const H = 260
const M = { left: 64, right: 24, top: 28, bottom: 40 }

function esc(s: string): string {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;")
}

/** "Nice" upper bound for an axis. */
function niceMax(v: number): number {
    if (v <= 0) return 1
    const p = Math.pow(10, Math.floor(Math.log10(v)))
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p
    return 10 * p
}

function fmt(v: number): string {
    if (v >= 1e6) return `${+(v / 1e6).toFixed(2)}M`
    if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`
    return `${+v.toFixed(1)}`
}

/** Dash pattern per policy, so that lines lying on one another stay visible. */
const DASHES = ["", "6 3", "2 2", "8 3 2 3", "4 4", "1 3"]

/** One panel: y = metric(row) against load, a line per policy; `log` for a log10 y axis. */
function panel(rows: PlotRow[], x0: number, y0: number, title: string, metric: (r: PlotRow) => number, yLabel: string, log = false): string {
    const loads = [...new Set(rows.map(r => r.load))].sort((a, b) => a - b)
    const policies = [...new Set(rows.map(r => r.policy))]
    const values = rows.map(metric)
    const pw = W - M.left - M.right
    const ph = H - M.top - M.bottom
    const sx = (l: number) => x0 + M.left + ((l - loads[0]) / (loads[loads.length - 1] - loads[0] || 1)) * pw
    let sy: (v: number) => number
    let ticks: number[]
    if (log) {
        const lo = Math.floor(Math.log10(Math.max(1e-3, Math.min(...values.filter(v => v > 0)))))
        const hi = Math.ceil(Math.log10(Math.max(...values)))
        sy = v => y0 + M.top + ph - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo || 1)) * ph
        ticks = []
        for (let e = lo; e <= hi; e++) ticks.push(10 ** e)
    } else {
        const yMax = niceMax(Math.max(...values))
        sy = v => y0 + M.top + ph - (v / yMax) * ph
        ticks = [0, 1, 2, 3, 4].map(i => (yMax * i) / 4)
    }
    let s = `<text x="${x0 + W / 2}" y="${y0 + 16}" text-anchor="middle" font-weight="bold">${esc(title)}</text>\n`
    for (const v of ticks) {
        s += `<line x1="${x0 + M.left}" x2="${x0 + W - M.right}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}" stroke="#ddd"/>`
        s += `<text x="${x0 + M.left - 4}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>\n`
    }
    for (const l of loads) s += `<text x="${sx(l)}" y="${y0 + H - M.bottom + 16}" text-anchor="middle">${l}%</text>`
    s += `<text x="${x0 + M.left + pw / 2}" y="${y0 + H - 6}" text-anchor="middle">offered load (% of one core)</text>`
    s += `<text transform="translate(${x0 + 12},${y0 + M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>\n`
    policies.forEach((p, i) => {
        const pts = loads
            .map(l => rows.find(r => r.policy === p && r.load === l))
            .filter((r): r is PlotRow => r !== undefined)
            .map(r => `${sx(r.load).toFixed(1)},${sy(metric(r)).toFixed(1)}`)
        const dash = DASHES[i % DASHES.length]
        s += `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""} points="${pts.join(" ")}"/>\n`
        for (const pt of pts) {
            const [x, y] = pt.split(",")
            s += `<circle cx="${x}" cy="${y}" r="2.5" fill="${COLORS[i % COLORS.length]}"/>`
        }
        s += "\n"
    })
    return s
}

export function plotSvg(rows: PlotRow[]): string {
    const boards = [...new Set(rows.map(r => r.board))]
    const policies = [...new Set(rows.map(r => r.policy))]
    const width = 2 * W
    const legendH = 24
    const height = boards.length * H + legendH
    let body = ""
    boards.forEach((b, i) => {
        const br = rows.filter(r => r.board === b)
        body += panel(br, 0, legendH + i * H, `${b}: throughput`, r => r.eventsPerSec, "events processed / s")
        body += panel(br, W, legendH + i * H, `${b}: ISR-to-DPC latency p99 (log scale)`, r => r.p99us, "p99 latency (us)", true)
    })
    let legend = ""
    policies.forEach((p, i) => {
        const x = 10 + i * 130
        const dash = DASHES[i % DASHES.length]
        legend += `<line x1="${x}" x2="${x + 22}" y1="9" y2="9" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/><text x="${x + 26}" y="13">${esc(p)}</text>`
    })
    return (
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">\n` +
        `<rect width="100%" height="100%" fill="white"/>\n${legend}\n${body}</svg>\n`
    )
}

if (require.main === module) {
    const [input, output] = process.argv.slice(2)
    if (!input || !output) {
        console.error("usage: node dist/bench/plot.js BENCH.json OUT.svg")
        process.exit(2)
    }
    const data = JSON.parse(readFileSync(input, "utf8"))
    if (!Array.isArray(data.gain) || data.gain.length === 0) {
        console.error(`${input}: no figure 3 rows ("gain"); run npm run bench -- --json ${input} first`)
        process.exit(2)
    }
    writeFileSync(output, plotSvg(data.gain))
    console.log(`wrote ${output} (${data.gain.length} points)`)
}
