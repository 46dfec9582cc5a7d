/**
 * The calibration table of the devicescript host (calibration.json beside this file): VM opcodes
 * of each path the firmware runs, measured with the opcode meter by `npm run calibrate`
 * (tools/calibrate/). The simulator reads `entries` (what each path costs) and `loops` (what each
 * fiber's loop costs around its slice); `groups` holds the measurements they come from, which
 * test/sim/calibration.test.ts re-measures.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { ROOT } from "../../paths"

export const CALIBRATION_FILE = join(ROOT, "sim", "host", "devicescript", "calibration.json")

export interface CalibrationTable {
    $comment: string
    /** The commit the table was measured on, in words. */
    measuredOn: string
    /** Opcodes of each port fiber's loop around its slice: scan, timer, dpcRun, dpcPark, printer. */
    loops: { [loop: string]: number }
    /** Each probe group: its total, every step's name in order, the opcodes of the steps the entries read. */
    groups: { [group: string]: { total: number; names: string[]; steps: { [step: string]: number } } }
    stepOverhead: { fixed: number; perStep: number }
    entries: { [name: string]: { opcodes: number; is: string; from: string } }
}

let cached: CalibrationTable | null = null

/** The checked-in table (read once). */
export function calibration(): CalibrationTable {
    if (cached === null) cached = JSON.parse(readFileSync(CALIBRATION_FILE, "utf8")) as CalibrationTable
    return cached
}

/** Opcodes of entry `name`; throws naming the entry when the table has none (a table older than the code). */
export function entry(table: CalibrationTable, name: string): number {
    const e = table.entries[name]
    if (e === undefined) throw new Error(`calibration table ${CALIBRATION_FILE} has no entry '${name}': regenerate it with npm run calibrate`)
    return e.opcodes
}
