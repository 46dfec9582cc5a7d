/**
 * Whether the calibration table still matches the code: each group's total and the fiber loops
 * re-measured (one VM run a group, one build for the loops) and compared with the table. When a
 * total moved, `explainDrifts` measures that group's steps one by one to name the steps that
 * drifted and the entries they move (what `npm run calibrate -- --check` prints).
 */
import { CalibrationTable } from "../../sim/host/devicescript/calibration"
import { MeterOptions } from "../opmeter/meter"
import { ENTRIES } from "./entries"
import { GROUPS, measureLoops, measureSteps, measureTotals, stepNames } from "./groups"

export const REGENERATE = "npm run calibrate"

export interface Drift {
    /** What moved: `loops.scan`, `group kernel`, `step kernel.isr.queue`. */
    what: string
    table: number
    now: number
    /** The table's entries this moves. */
    entries: string[]
}

/** What the check measures on the code now. */
export interface CheckMeasurement {
    steps: { [group: string]: string[] }
    totals: { [group: string]: number }
    loops: { [loop: string]: number }
}

/** Each group's total and the fiber loops, measured on the code now. */
export async function measureCheck(opts: MeterOptions = {}): Promise<CheckMeasurement> {
    const [totals, loops] = await Promise.all([measureTotals(GROUPS, opts), measureLoops()])
    return { steps: stepNames(), totals, loops }
}

/** The drifts between `table` and measurement `m` ([] when it matches). */
export function compareTable(table: CalibrationTable, m: CheckMeasurement): Drift[] {
    const drifts: Drift[] = []
    for (const g of GROUPS) {
        const had = table.groups[g]
        if (had === undefined || had.names === undefined || had.names.join(" ") !== m.steps[g].join(" "))
            drifts.push({ what: `the steps of group ${g} (the probe file lists others than the table)`, table: had?.names?.length ?? 0, now: m.steps[g].length, entries: [] })
    }
    if (drifts.length > 0) return drifts
    for (const [loop, n] of Object.entries(m.loops))
        if (table.loops[loop] !== n) drifts.push({ what: `loops.${loop}`, table: table.loops[loop], now: n, entries: [`loops.${loop}`] })
    for (const g of GROUPS) if (m.totals[g] !== table.groups[g].total) drifts.push({ what: `group ${g}`, table: table.groups[g].total, now: m.totals[g], entries: [] })
    return drifts
}

/** The drifts with each moved group's steps measured alone: the steps that drifted and the entries they move. */
export async function explainDrifts(table: CalibrationTable, drifts: Drift[], opts: MeterOptions = {}): Promise<Drift[]> {
    const moved = GROUPS.filter(g => drifts.some(d => d.what === `group ${g}`))
    if (moved.length === 0) return drifts
    const steps = await measureSteps(moved, opts)
    const out = drifts.filter(d => !d.what.startsWith("group "))
    for (const g of moved) {
        const before = out.length
        for (const [step, n] of Object.entries(steps.groups[g].steps)) {
            const was = table.groups[g].steps[step]
            if (Math.abs(was - n) < 1e-9) continue
            const ref = `${g}.${step}`
            out.push({ what: `step ${ref}`, table: was, now: n, entries: ENTRIES.filter(e => e.steps.includes(ref)).map(e => e.name) })
        }
        // The steps alone may all match while the whole moved (a step's effect on a later one).
        if (out.length === before) out.push(drifts.find(d => d.what === `group ${g}`) as Drift)
    }
    return out
}

/** The drifts as the lines of a failure message. */
export function describeDrifts(drifts: Drift[]): string {
    const lines = drifts.map(d => `  ${d.what}: ${d.table} opcodes in the table, ${d.now} now${d.entries.length > 0 ? `; moves ${d.entries.join(", ")}` : ""}`)
    return `the calibration table no longer matches the code (sim/host/devicescript/calibration.json):\n${lines.join("\n")}\nregenerate it with: ${REGENERATE}`
}
