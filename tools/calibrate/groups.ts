/**
 * The calibration's measurements: the step groups of tools/opmeter/devs/probes/calibrate.ts,
 * each step measured alone (an entry of the table) or a whole group at once (the check), and the
 * port's fiber loops around their slices (from the bytecode, tools/opmeter/firmware-load.ts).
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { loopCosts } from "../opmeter/firmware-load"
import { MeterOptions, ProbeError, ProbeRequest, ROOT, measure } from "../opmeter/meter"
import { ENTRIES } from "./entries"

/** The probe file that holds the groups. */
export const PROBE_FILE = join(ROOT, "tools", "opmeter", "devs", "probes", "calibrate.ts")

/** The groups, as the probe file names their probes (`calibrate.<group>`) and step builders (`<group>Steps`). */
export const GROUPS = ["kernel", "buttonTach", "samplerHeartbeat", "printer"]

/** Each group's step names, in order, read from the probe file (its `s.add("name", ...)` calls). */
export function stepNames(): { [group: string]: string[] } {
    const text = readFileSync(PROBE_FILE, "utf8")
    const out: { [group: string]: string[] } = {}
    for (const g of GROUPS) {
        const start = text.indexOf(`async function ${g}Steps(`)
        if (start < 0) throw new ProbeError(`calibrate: ${PROBE_FILE} has no function ${g}Steps`)
        const end = text.indexOf("\n}\n", start)
        const body = text.slice(start, end < 0 ? text.length : end)
        out[g] = [...body.matchAll(/\bs\.add\("([^"]+)"/g)].map(m => m[1])
    }
    return out
}

/** What a group's loop costs around its steps: `fixed` once, `perStep` each (the noop group's steps). */
export interface StepOverhead {
    fixed: number
    perStep: number
}

const NOOP_STEPS = 16

function request(group: string, from: number, to: number): ProbeRequest {
    return { id: `calibrate.${group}`, args: `${from}, ${to}` }
}

/** Checks that the probe ran the number of steps the file names. */
function checkCount(group: string, names: string[], data: any): void {
    if (data === null || data.steps !== names.length)
        throw new ProbeError(`calibrate: group ${group} ran ${data?.steps} steps, ${PROBE_FILE} names ${names.length}`)
}

/** The steps an entry of the table reads (`group.step`): the others run only to set up the next. */
function usedSteps(): Set<string> {
    const used = new Set<string>()
    for (const e of ENTRIES) for (const ref of e.steps) used.add(ref)
    return used
}

/**
 * Every step of `groups` that an entry reads, alone, each group's total, and the loop overhead:
 * one VM run a step, one a group, two for the overhead. Steps are net of the overhead (the call
 * of the step stays). `names` lists every step of the group, measured or not.
 */
export async function measureSteps(groups: string[], opts: MeterOptions = {}) {
    const names = stepNames()
    const used = usedSteps()
    const reqs: ProbeRequest[] = [request("noop", 0, 0), request("noop", 0, NOOP_STEPS)]
    const measured: { [group: string]: string[] } = {}
    for (const g of groups) {
        reqs.push(request(g, 0, names[g].length))
        measured[g] = []
        names[g].forEach((n, i) => {
            if (!used.has(`${g}.${n}`)) return
            measured[g].push(n)
            reqs.push(request(g, i, i + 1))
        })
    }
    const runs = await measure(reqs, opts)
    const fixed = runs[0].opcodes
    // A noop step's own return (2 opcodes) is a real step's too: it stays in each step.
    const overhead: StepOverhead = { fixed, perStep: (runs[1].opcodes - fixed) / NOOP_STEPS - 2 }
    const out: { [group: string]: MeasuredGroup } = {}
    let at = 2
    for (const g of groups) {
        checkCount(g, names[g], runs[at].data)
        const total = runs[at++].opcodes
        const steps: { [step: string]: number } = {}
        for (const n of measured[g]) {
            if (steps[n] !== undefined) throw new ProbeError(`calibrate: group ${g} has two steps named ${n}`)
            steps[n] = runs[at++].opcodes - fixed - overhead.perStep
        }
        out[g] = { total, names: names[g], steps }
    }
    return { overhead, groups: out }
}

/** A group as measured: its total, every step's name in order, the opcodes of the steps the entries read. */
export interface MeasuredGroup {
    total: number
    names: string[]
    steps: { [step: string]: number }
}

/** Each group's total alone: one VM run a group (what the calibration test re-measures). */
export async function measureTotals(groups: string[], opts: MeterOptions = {}): Promise<{ [group: string]: number }> {
    const names = stepNames()
    const runs = await measure(
        groups.map(g => request(g, 0, names[g].length)),
        opts
    )
    const out: { [group: string]: number } = {}
    groups.forEach((g, i) => {
        checkCount(g, names[g], runs[i].data)
        out[g] = runs[i].opcodes
    })
    return out
}

/** The port's fiber loops: opcodes of each loop around its slice. */
export async function measureLoops(): Promise<{ [loop: string]: number }> {
    const l = await loopCosts()
    return { scan: l.scan, timer: l.timer, dpcRun: l.dpcRun, dpcPark: l.dpcPark, printer: l.printer }
}
