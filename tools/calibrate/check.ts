/**
 * Whether the calibration table still matches the code: each group's total and the fiber loops
 * re-measured (one VM run a group, one build for the loops). When a total moved, that group's
 * steps are measured one by one to name the steps that drifted and the entries they move.
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

/** The drifts between `table` and the code now ([] when it matches). */
export async function checkTable(table: CalibrationTable, opts: MeterOptions = {}): Promise<Drift[]> {
    const drifts: Drift[] = []
    const names = stepNames()
    for (const g of GROUPS) {
        const had = table.groups[g]
        if (had === undefined || Object.keys(had.steps).join(" ") !== names[g].join(" "))
            drifts.push({ what: `the steps of group ${g} (the probe file lists others than the table)`, table: had ? Object.keys(had.steps).length : 0, now: names[g].length, entries: [] })
    }
    if (drifts.length > 0) return drifts
    const [totals, loops] = await Promise.all([measureTotals(GROUPS, opts), measureLoops()])
    for (const [loop, n] of Object.entries(loops))
        if (table.loops[loop] !== n) drifts.push({ what: `loops.${loop}`, table: table.loops[loop], now: n, entries: [`loops.${loop}`] })
    const moved = GROUPS.filter(g => totals[g] !== table.groups[g].total)
    if (moved.length === 0) return drifts
    const steps = await measureSteps(moved, opts)
    for (const g of moved) {
        const before = drifts.length
        for (const [step, n] of Object.entries(steps.groups[g].steps)) {
            const was = table.groups[g].steps[step]
            if (Math.abs(was - n) < 1e-9) continue
            const ref = `${g}.${step}`
            drifts.push({ what: `step ${ref}`, table: was, now: n, entries: ENTRIES.filter(e => e.steps.includes(ref)).map(e => e.name) })
        }
        // The steps alone may all match while the whole moved (a step's effect on a later one).
        if (drifts.length === before) drifts.push({ what: `group ${g}`, table: table.groups[g].total, now: totals[g], entries: [] })
    }
    return drifts
}

/** The drifts as the lines of a failure message. */
export function describeDrifts(drifts: Drift[]): string {
    const lines = drifts.map(d => `  ${d.what}: ${d.table} opcodes in the table, ${d.now} now${d.entries.length > 0 ? `; moves ${d.entries.join(", ")}` : ""}`)
    return `the calibration table no longer matches the code (sim/host/devicescript/calibration.json):\n${lines.join("\n")}\nregenerate it with: ${REGENERATE}`
}
