import type { DpcThread } from "./dpc-thread"
import { EventRing } from "./event-ring"
import { BucketLayout, Histogram } from "./histogram"

/**
 * Where a queued DPC is inserted and whether queuing it wakes its thread: `high` at the head,
 * `medium` and `low` at the tail; `high` and `medium` wake the thread, `low` wakes nothing: it
 * runs when its thread is woken for another DPC, at the kernel's next tick, or once its pending
 * events fill a batch (its budget), so that rate-only work is done in batches (as Windows runs
 * low-importance DPCs at the next clock tick or once its DPC queue is deep).
 */
export type Importance = "high" | "medium" | "low"
export const IMPORTANCES: Importance[] = ["high", "medium", "low"]

/** Explicit resource for a DPC: a DPC thread of a core. Wins over the assignment policy. */
export interface DpcTarget {
    core: number
    /** DPC thread on that core; default 0. */
    thread?: number
}

/**
 * Read-only view of the events a DPC run processes, oldest first. Valid only during the run;
 * the kernel reuses it (no allocation per run). It reads its DPC's ring (the same arrays) from
 * the slot the run started at.
 */
export class EventBatch {
    /** Number of events in this run (1 ..= the DPC's budget). */
    count = 0
    /** Slot of the run's first event; set by the dispatcher when the run starts. */
    head = 0
    private mask: number
    private stamps: number[]
    private sources: number[]
    private values: number[]
    private seqs: number[]

    constructor(ring: EventRing) {
        this.mask = ring.mask
        this.stamps = ring.stamps
        this.sources = ring.sources
        this.values = ring.values
        this.seqs = ring.seqs
    }
    /** Time the i-th event was stamped by its ISR, in ns. */
    stampNs(i: number): number {
        return this.stamps[(this.head + i) & this.mask]
    }
    /** Id of the `Source` that raised the i-th event. */
    source(i: number): number {
        return this.sources[(this.head + i) & this.mask]
    }
    /** Source-defined value of the i-th event (edge, level, alarm index...). */
    value(i: number): number {
        return this.values[(this.head + i) & this.mask]
    }
    /** Kernel-wide sequence number of the i-th event (increasing in the order events were raised); the kernel's `checks` mode only, else 0. */
    seq(i: number): number {
        return this.seqs[(this.head + i) & this.mask]
    }
}

/** What a DPC routine may do while it runs. One per DPC thread, reused. */
export interface DpcContext {
    /** Core and DPC thread the routine runs on. */
    readonly core: number
    readonly thread: number
    /** Current time from the kernel's clock, in ns. */
    nowNs(): number
    /**
     * Requests another DPC from inside this one (chaining). Same rules as an ISR's request;
     * `source` must be registered with the kernel.
     */
    request(dpc: Dpc, source: SourceRef, value: number): boolean
}

/** A registered interrupt source (a Source), as a request sees it: its id, and its count of events raised. */
export interface SourceRef {
    readonly id: number
    raised: number
}

/** A DPC routine: runs to completion (never awaits) and processes every event in `events`. */
export type DpcRoutine = (events: EventBatch, ctx: DpcContext) => void

export interface DpcOptions {
    /** Unique name: letters, digits, `_`, `-`, `.` (it appears in diagnostics lines). */
    name: string
    routine: DpcRoutine
    /** Default `medium`. */
    importance?: Importance
    target?: DpcTarget
    /** Most events processed in one run; the rest stay queued for the next run. Default: the ring capacity. */
    budgetEvents?: number
    /** A run longer than this (ns) counts as a watchdog hit and is reported. Default 0: off. */
    watchdogNs?: number
    /** Capacity of the pending-event ring; a request that finds it full is dropped and counted. Default 16. */
    ring?: number
}

/** Default ring capacity. Each slot holds four numbers; an MCU heap is tens of kilobytes. */
export const DEFAULT_RING = 16

/**
 * Per-DPC statistics. Memory is fixed: two histograms and counters. What the hot path can leave
 * out is derived when it is reported: the Dpc's `coalesced()` and `coresMask()`.
 */
export class DpcStats {
    constructor(layout: BucketLayout) {
        this.latency = new Histogram(layout)
        this.runTime = new Histogram(layout)
    }
    /** Events requested for this DPC (accepted or dropped); counted in `checks` mode only. */
    raised = 0
    /** Events accepted (processed + pending) at the last drop: a drop after more were accepted starts an overflow episode. */
    acceptedAtDrop = -1
    runs = 0
    /** Runs that started with more events than the budget (the rest stayed queued). */
    leftoverRuns = 0
    /** Events processed (a run that throws still consumes its batch). */
    processed = 0
    /** Requests dropped because the ring was full. */
    dropped = 0
    maxBatch = 0
    /** Runs that threw. */
    errors = 0
    lastError = ""
    /** Runs longer than the watchdog limit. */
    watchdog = 0
    /** Bit c set when the DPC has run on core c; kept only for a DPC with no home thread (see Dpc.coresMask). */
    coresSeen = 0
    /** Stamp-to-run-start latency of each processed event. */
    latency: Histogram
    /** Duration of each run (start to finish, including time an ISR took from it); its maxNs is the longest run. */
    runTime: Histogram
}

/**
 * States of a DPC. The state lives in `Dpc.state`; the transitions are made only by
 * `Kernel.request` (ISR side) and `Dispatcher.begin`/`finish` (thread side):
 *
 *             Kernel.request                 Dispatcher.begin
 *     IDLE ─────────────────────▶ QUEUED ──────────────────────▶ RUNNING
 *      ▲                            ▲                              │
 *      │ Dispatcher.finish:         │ Dispatcher.finish:           │ Kernel.request while running:
 *      │ ring empty                 │ events left in the ring      │ the event goes to the ring
 *      └────────────────────────────┴──────────────────────────────┘ (the DPC is "re-queued":
 *                                                                      it is put in a queue by
 *                                                                      finish, never while running)
 *
 * A DPC is in at most one DpcQueue, and only in state QUEUED; it runs on at most one DPC thread
 * at a time, because only `Dispatcher.begin` moves it to RUNNING and only from QUEUED.
 */
export const DPC_IDLE = 0
export const DPC_QUEUED = 1
export const DPC_RUNNING = 2

const NAME_OK = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."

/** Longest DPC, line or source name: names go into diagnostics records, which must fit a board's log line. */
export const MAX_NAME = 24

/** Throws unless `name` is a usable DPC/line/source name; `what` names the kind of thing. */
export function checkName(what: string, name: string): void {
    if (typeof name !== "string" || name.length === 0)
        throw new Error(`${what}: name must be a non-empty string`)
    if (name.length > MAX_NAME) throw new Error(`${what} '${name}': name is longer than ${MAX_NAME} characters`)
    for (let i = 0; i < name.length; i++) {
        if (NAME_OK.indexOf(name.charAt(i)) < 0)
            throw new Error(`${what} '${name}': name may contain only letters, digits, '_', '-' and '.'`)
    }
}

function isWhole(x: number): boolean {
    return typeof x === "number" && Math.floor(x) === x
}

export class Dpc {
    readonly name: string
    /** Index in the kernel's registration order. */
    readonly index: number
    readonly routine: DpcRoutine
    readonly importance: Importance
    /** Whether queuing it wakes its thread: every importance but `low`. */
    readonly wakes: boolean
    readonly target: DpcTarget | null
    readonly budgetEvents: number
    readonly watchdogNs: number
    /** A run longer than this is a watchdog hit: watchdogNs, or Infinity when the watchdog is off (one comparison per run). */
    readonly watchdogLimitNs: number
    readonly ring: EventRing
    readonly batch: EventBatch
    readonly stats: DpcStats

    state = DPC_IDLE
    /** Intrusive link for DpcQueue (no allocation per insert). */
    next: Dpc | null = null
    /** Global index of the DPC thread it is (or was last) queued on or running on; -1 before its first request. A DPC with a home has its home's index from the start. */
    threadIndex = -1
    /** The thread it always runs on (its target or a static policy's choice), or null; set by Kernel.start. */
    home: DpcThread | null = null
    /** No home: each queuing picks a thread (a dynamic policy), and its runs are counted on the thread they ran on. */
    roams = true
    /** Sequence number of the last event it processed (per-DPC FIFO check). */
    lastSeq = -1

    /** Validates options; `cores` is the board's core count. Throws with the DPC's name and the reason. */
    constructor(opts: DpcOptions, index: number, cores: number, maxThreads: number, layout: BucketLayout) {
        checkName("DPC", opts.name)
        const name = opts.name
        if (typeof opts.routine !== "function") throw new Error(`DPC '${name}': routine must be a function`)
        const importance = opts.importance === undefined ? "medium" : opts.importance
        if (IMPORTANCES.indexOf(importance) < 0)
            throw new Error(`DPC '${name}': importance must be one of high, medium, low, got '${importance}'`)
        const ring = opts.ring === undefined ? DEFAULT_RING : opts.ring
        if (!isWhole(ring) || ring < 1)
            throw new Error(`DPC '${name}': ring capacity must be a whole number >= 1, got ${ring}`)
        const budget = opts.budgetEvents === undefined ? ring : opts.budgetEvents
        if (!isWhole(budget) || budget < 1)
            throw new Error(`DPC '${name}': budget must be a whole number of events >= 1, got ${budget}`)
        const watchdog = opts.watchdogNs === undefined ? 0 : opts.watchdogNs
        if (!(watchdog >= 0)) throw new Error(`DPC '${name}': watchdog must be >= 0 ns, got ${watchdog}`)
        let target: DpcTarget | null = null
        if (opts.target) {
            const core = opts.target.core
            const thread = opts.target.thread === undefined ? 0 : opts.target.thread
            if (!isWhole(core) || core < 0 || core >= cores)
                throw new Error(
                    `DPC '${name}': target core ${core} is beyond the board's ${cores} core${cores === 1 ? "" : "s"} (0-${cores - 1})`
                )
            if (!isWhole(thread) || thread < 0 || thread >= maxThreads)
                throw new Error(`DPC '${name}': target thread ${thread} is beyond the ${maxThreads} DPC threads a core may have (0-${maxThreads - 1})`)
            target = { core: core, thread: thread }
        }
        this.name = name
        this.index = index
        this.routine = opts.routine
        this.importance = importance
        this.wakes = importance !== "low"
        this.target = target
        this.budgetEvents = budget
        this.watchdogNs = watchdog
        this.watchdogLimitNs = watchdog > 0 ? watchdog : Infinity
        this.ring = new EventRing(ring)
        this.batch = new EventBatch(this.ring)
        this.stats = new DpcStats(layout)
    }

    /**
     * Requests that found the DPC queued, or running past the one event that re-queues it, and
     * joined a batch (SPEC M7). Derived, so that the request path counts nothing for them: every
     * accepted event either queued the DPC (from idle, or as the first beyond a running batch) or
     * joined a batch, and every run but the leftover ones was queued by such an event.
     */
    coalesced(): number {
        const st = this.stats
        const held = this.ring.count
        let queuings = st.runs - st.leftoverRuns
        if (this.state === DPC_QUEUED) queuings++
        else if (this.state === DPC_RUNNING && held > this.batch.count) queuings++
        return st.processed + held - queuings
    }

    /** Bit c set when the DPC has run on core c. */
    coresMask(): number {
        const home = this.home
        if (home === null) return this.stats.coresSeen
        return this.stats.runs > 0 ? home.coreBit : 0
    }
}
