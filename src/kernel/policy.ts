import { Dpc } from "./dpc"
import { DpcThread } from "./dpc-thread"

/**
 * Assignment policies (SPEC 2): which DPC thread a DPC is queued on when it has no explicit
 * target. An explicit target always wins.
 *
 * - `single-thread`: one DPC thread on core 0; every DPC runs there, serially.
 * - `threads`: N DPC threads on core 0 (default 2); the i-th DPC lives on thread i mod N.
 *   Concurrent, not parallel: they share core 0.
 * - `cores`: one DPC thread per core (or `threadsPerCore`); the i-th DPC lives on core i mod C.
 * - `interrupting-core`: queue on the core that requested it (the core that took the interrupt,
 *   or the core of the DPC that chained it).
 * - `round-robin`: each time a DPC is queued, the next DPC thread in turn.
 * - `least-loaded`: the DPC thread with the fewest DPCs queued or running; ties go to the
 *   requesting core, then to the lowest core.
 */
export type PolicyName = "single-thread" | "threads" | "cores" | "interrupting-core" | "round-robin" | "least-loaded"
export const POLICIES: PolicyName[] = ["single-thread", "threads", "cores", "interrupting-core", "round-robin", "least-loaded"]
export const DEFAULT_POLICY: PolicyName = "cores"

/** Most DPC threads one core may have. */
export const MAX_THREADS_PER_CORE = 8

/** Default DPC threads per core for a policy when the user gives none. */
export function defaultThreadsPerCore(policy: PolicyName): number {
    return policy === "threads" ? 2 : 1
}

/**
 * DPC threads each core gets under `policy` before explicit targets are added:
 * single-thread [1, 0, ...]; threads [N, 0, ...]; the others [N, N, ...].
 */
export function threadLayout(policy: PolicyName, cores: number, threadsPerCore: number): number[] {
    const layout: number[] = []
    for (let c = 0; c < cores; c++) {
        if (policy === "single-thread") layout.push(c === 0 ? 1 : 0)
        else if (policy === "threads") layout.push(c === 0 ? threadsPerCore : 0)
        else layout.push(threadsPerCore)
    }
    return layout
}

const P_STATIC = 0
const P_INTERRUPTING = 1
const P_ROUND_ROBIN = 2
const P_LEAST_LOADED = 3

export class AssignmentPolicy {
    private kind: number
    /** For static policies and targets: the thread index of each DPC (by DPC index), else -1. */
    private homes: number[] = []
    private rr = 0

    /**
     * `byCore[c]` lists core c's DPC threads in thread order (policy threads first, then any
     * added for explicit targets).
     */
    constructor(
        readonly name: PolicyName,
        private threads: DpcThread[],
        private byCore: DpcThread[][],
        dpcs: Dpc[]
    ) {
        this.kind =
            name === "interrupting-core"
                ? P_INTERRUPTING
                : name === "round-robin"
                ? P_ROUND_ROBIN
                : name === "least-loaded"
                ? P_LEAST_LOADED
                : P_STATIC
        for (let i = 0; i < dpcs.length; i++) this.homes.push(this.homeOf(dpcs[i]))
    }

    private homeOf(dpc: Dpc): number {
        const t = dpc.target
        if (t) return this.byCore[t.core][t.thread === undefined ? 0 : t.thread].index
        if (this.kind !== P_STATIC) return -1
        const i = dpc.index
        if (this.name === "single-thread") return this.byCore[0][0].index
        if (this.name === "threads") return this.byCore[0][i % this.byCore[0].length].index
        // cores: spread over cores first, then over each core's threads.
        const cores = this.byCore.length
        const core = i % cores
        const own = this.byCore[core]
        return own[Math.floor(i / cores) % own.length].index
    }

    /** The one thread `dpc` always runs on (its target, or a static policy's choice), or null when it depends on the request. */
    home(dpc: Dpc): DpcThread | null {
        const h = this.homes[dpc.index]
        return h >= 0 ? this.threads[h] : null
    }

    /** The DPC thread to queue `dpc` on, for a request made on `fromCore`. ISR-safe, no allocation. */
    pick(dpc: Dpc, fromCore: number): DpcThread {
        const home = this.homes[dpc.index]
        if (home >= 0) return this.threads[home]
        if (this.kind === P_INTERRUPTING) {
            const own = this.byCore[fromCore]
            return own[dpc.index % own.length]
        }
        if (this.kind === P_ROUND_ROBIN) {
            const t = this.threads[this.rr]
            this.rr++
            if (this.rr >= this.threads.length) this.rr = 0
            return t
        }
        // least-loaded: scan starting at the requesting core's first thread, so ties stay local.
        const n = this.threads.length
        const start = this.byCore[fromCore].length > 0 ? this.byCore[fromCore][0].index : 0
        let best = this.threads[start]
        let bestLoad = loadOf(best)
        for (let k = 1; k < n && bestLoad > 0; k++) {
            let j = start + k
            if (j >= n) j -= n
            const t = this.threads[j]
            const load = loadOf(t)
            if (load < bestLoad) {
                best = t
                bestLoad = load
            }
        }
        return best
    }
}

function loadOf(t: DpcThread): number {
    return t.queue.length + (t.current === null ? 0 : 1)
}
