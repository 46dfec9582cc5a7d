/**
 * A benchmark figure: one measured value, its baseline measured in the same run, and the ratio.
 * Every figure prints as one line, so `npm run bench` output can be read by eye and by grep:
 *
 *   F1.1 kernel request+dispatch, one event per run: 6.10 M events/s | baseline array queue + closures: 9.80 M events/s | ratio 0.62x
 */
export interface Figure {
    /** Stable id, e.g. "F1.1". */
    id: string
    /** What was measured. */
    name: string
    value: number
    unit: string
    baselineName: string
    baselineValue: number
    /** value / baseline, or (for figures where lower is better) baseline / value: > 1 means better than the baseline. */
    ratio: number
    lowerIsBetter: boolean
    /** Extra facts shown after the ratio (e.g. "0 GCs"). */
    note?: string
}

export function figure(
    id: string,
    name: string,
    value: number,
    unit: string,
    baselineName: string,
    baselineValue: number,
    opts: { lowerIsBetter?: boolean; note?: string } = {}
): Figure {
    const lower = opts.lowerIsBetter ?? false
    const ratio = lower ? baselineValue / value : value / baselineValue
    return { id, name, value, unit, baselineName, baselineValue, ratio, lowerIsBetter: lower, note: opts.note }
}

/** Three significant digits with a k/M/G suffix, then the unit: "22.4M events/s", "558 events/s". */
export function human(v: number, unit: string): string {
    const a = Math.abs(v)
    const [n, suffix] = a >= 1e9 ? [v / 1e9, "G"] : a >= 1e6 ? [v / 1e6, "M"] : a >= 1e3 ? [v / 1e3, "k"] : [v, ""]
    const digits = Math.abs(n) >= 100 ? n.toFixed(0) : n === 0 ? "0" : n.toPrecision(3)
    return `${digits}${suffix} ${unit}`
}

export function formatFigure(f: Figure): string {
    const ratio = Number.isFinite(f.ratio) ? `${f.ratio.toFixed(2)}x${f.lowerIsBetter ? " (lower is better)" : ""}` : "n/a"
    return (
        `${f.id} ${f.name}: ${human(f.value, f.unit)} | baseline ${f.baselineName}: ${human(f.baselineValue, f.unit)} | ratio ${ratio}` +
        (f.note ? ` | ${f.note}` : "")
    )
}

/** Median of repeated measurements (odd count preferred). */
export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b)
    const m = s.length >> 1
    return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Wall-clock seconds for `fn` (benchmarks only: the one place wall time is read). */
export function timeSeconds(fn: () => void): number {
    const t0 = process.hrtime.bigint()
    fn()
    return Number(process.hrtime.bigint() - t0) / 1e9
}
