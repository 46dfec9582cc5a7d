/**
 * The meter's own baselines. `empty` is subtracted from every measurement (so a result is the
 * body's opcodes alone, without the call that runs it); `closure` is the cheapest thing a
 * program can do per event in the VM: call a closure.
 */
import { Probe } from "../harness"

/** Nothing: the harness's own cost, subtracted from every other probe. */
export function empty(): Probe {
    return { body: () => {} }
}

let calls = 0
const bare = (v: number) => {
    calls += v
}

/** One call of a closure that adds its argument to a global. */
export function closure(): Probe {
    return { body: () => bare(1) }
}
