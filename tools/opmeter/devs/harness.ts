/**
 * The DeviceScript side of the opcode meter (tools/opmeter/README.md). A probe program is
 *
 *     import { meter } from ".../harness"
 *     import { someProbe } from ".../probes/kernel"
 *     await meter(someProbe())
 *
 * and `meter` does:
 *   1. `setup()`, in as many fiber slices as it likes (it may await): nothing here is counted;
 *   2. `await ds.sleep(0)`, so that a fresh slice starts;
 *   3. `body()`, once, in that slice: this is what is measured;
 *   4. `pad()`, which prints an increasing counter until the VM aborts the slice at its limit of
 *      131,071 opcodes.
 * The host side (tools/opmeter/meter.ts) reads the last counter printed and the opcode the abort
 * stopped at; from the bytecode it knows exactly how many opcodes `pad` ran, so the rest of the
 * slice was the body's (less the harness's own, which the `base.empty` probe measures).
 */
import * as ds from "@devicescript/core"

export interface Probe {
    /** Runs before the measured slice; not counted. */
    setup?: () => Promise<void>
    /** The measured code: at most about 120,000 opcodes (the slice also holds the padding). */
    body: () => void
}

/** The tag of a probe's data line (`report`). */
export const DATA_TAG = "opmeter-data "

/**
 * Hands the host side facts a probe's set-up found (how many slices of each kind a window
 * holds, say), as JSON; the last such line before the measured slice is the probe's `data`.
 */
export function report(data: any): void {
    console.log(DATA_TAG + JSON.stringify(data))
}

/** Never returns: counts and prints until the slice is aborted. The print stays the last statement of the loop. */
function pad(): void {
    let n = 0
    while (true) {
        n = n + 1
        console.log(n)
    }
}

export async function meter(p: Probe) {
    if (p.setup !== undefined) await p.setup()
    await ds.sleep(0)
    p.body()
    pad()
}
