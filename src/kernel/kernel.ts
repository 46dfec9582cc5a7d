import { Clock } from "./clock"
import { Dispatcher } from "./dispatcher"
import { Dpc, DpcOptions, DPC_IDLE, DPC_QUEUED, DPC_RUNNING, SourceRef, checkName } from "./dpc"
import { DpcThread } from "./dpc-thread"
import { Driver, DriverOptions, LineStatus } from "./driver"
import { Fault, FaultKind } from "./fault"
import { BucketLayout, DEFAULT_SUB_BITS } from "./histogram"
import { InterruptLine, MAX_ISR_STATUS, Source } from "./interrupt-line"
import { RequestContext, RequestSite } from "./request"
import {
    AssignmentPolicy,
    DEFAULT_POLICY,
    MAX_THREADS_PER_CORE,
    POLICIES,
    PolicyName,
    defaultThreadsPerCore,
    threadLayout,
} from "./policy"

export const MAX_CORES = 16

export interface KernelOptions {
    /** Processor cores of the board (1..16). */
    cores: number
    clock: Clock
    /** Default `cores`. */
    policy?: PolicyName
    /** DPC threads per core the policy creates; default 1 (`threads`: 2). */
    threadsPerCore?: number
    /**
     * Called when a sleeping DPC thread has work: the host resumes its fiber or schedules its
     * core. Called from request (ISR context) or tick; must not run DPCs itself.
     */
    onWake?: (t: DpcThread) => void
    /** Called for every fault (see Fault). */
    onFault?: (f: Fault) => void
    /**
     * Precision of the latency and run-time histograms: 2^bits buckets per power of two
     * (default 2: 140 buckets, <= 25 % wide; 4: 528 buckets, <= 6.25 %). See histogram.ts.
     */
    histogramSubBits?: number
    /** The clock's resolution in ns (default 1; DeviceScript's ms clock: 1,000,000): histograms count whole units. */
    histogramUnitNs?: number
    /**
     * Whether the clock can time a DPC run (default true). On DeviceScript a run is one fiber
     * slice, within which ds.millis() does not move, so every run would measure 0: the port turns
     * this off, and run times, busy time and the watchdog are then not recorded.
     */
    timeRuns?: boolean
    /**
     * Checks on the hot path: every request's DPC and source are this kernel's, every event
     * carries a sequence number and every run checks per-source order (SPEC 2), requests are
     * counted per DPC too. Default true; the DeviceScript port turns them off (each check costs
     * VM opcodes on the board), the simulator and the tests keep them on.
     */
    checks?: boolean
}

/** Totals for the conservation law raised = processed + dropped + pending. */
export interface EventTotals {
    raised: number
    processed: number
    dropped: number
    pending: number
}

/**
 * The DPC kernel: registry of DPCs, interrupt lines, sources and drivers; the DPC threads of
 * each core with their queues; the assignment policy; the request path and the dispatcher.
 *
 * Life cycle: register everything (`addDpc`, `addLine`, `addSource`, `addDriver`), then
 * `start()`, which sizes every structure. After start nothing is added and nothing is allocated
 * per event: requests and dispatches only move counters and links.
 */
export class Kernel implements RequestSite {
    readonly cores: number
    readonly policyName: PolicyName
    readonly threadsPerCore: number
    readonly clock: Clock
    readonly dpcs: Dpc[] = []
    readonly lines: InterruptLine[] = []
    readonly sources: Source[] = []
    readonly drivers: Driver[] = []
    /** All DPC threads, core-major (core 0's threads first). Filled by start(). */
    readonly threads: DpcThread[] = []
    /** Each core's DPC threads. Filled by start(). */
    readonly byCore: DpcThread[][] = []
    readonly dispatcher: Dispatcher
    /** Processor time spent in ISRs per core (ns), as charged by the host with chargeIsrNs. */
    readonly isrNsByCore: number[] = []
    started = false

    private policy: AssignmentPolicy | null = null
    private onWake: (t: DpcThread) => void
    private onFault: ((f: Fault) => void) | null
    private faultRecord = new Fault()
    private layout: BucketLayout
    /** Sequence number of the next event (`checks` mode only: the per-source order check). */
    private nextSeq = 0
    /** See KernelOptions.checks. */
    readonly checks: boolean
    /** Errors, dropped events and watchdog hits of every DPC, counted as they happen (an app's health at a glance). */
    faultCount = 0
    /** The request context of requestOn. */
    private requests: RequestContext
    /** Broken invariants: count and the first message. Zero in a correct kernel. */
    violations = 0
    firstViolation = ""

    constructor(opts: KernelOptions) {
        const cores = opts.cores
        if (typeof cores !== "number" || Math.floor(cores) !== cores || cores < 1 || cores > MAX_CORES)
            throw new Error(`kernel: cores must be a whole number from 1 to ${MAX_CORES}, got ${cores}`)
        if (!opts.clock || typeof opts.clock.nowNs !== "function") throw new Error("kernel: a clock with nowNs() is required")
        const policy = opts.policy === undefined ? DEFAULT_POLICY : opts.policy
        if (POLICIES.indexOf(policy) < 0)
            throw new Error(`kernel: policy must be one of ${POLICIES.join(", ")}, got '${policy}'`)
        const tpc = opts.threadsPerCore === undefined ? defaultThreadsPerCore(policy) : opts.threadsPerCore
        if (typeof tpc !== "number" || Math.floor(tpc) !== tpc || tpc < 1 || tpc > MAX_THREADS_PER_CORE)
            throw new Error(`kernel: threadsPerCore must be a whole number from 1 to ${MAX_THREADS_PER_CORE}, got ${tpc}`)
        this.cores = cores
        this.policyName = policy
        this.threadsPerCore = tpc
        this.clock = opts.clock
        this.onWake = opts.onWake === undefined ? noWake : opts.onWake
        this.onFault = opts.onFault === undefined ? null : opts.onFault
        this.checks = opts.checks !== false
        this.requests = new RequestContext(this)
        this.layout = new BucketLayout(opts.histogramSubBits === undefined ? DEFAULT_SUB_BITS : opts.histogramSubBits, opts.histogramUnitNs)
        for (let c = 0; c < cores; c++) this.isrNsByCore.push(0)
        this.dispatcher = new Dispatcher(this.clock, this, this.checks, opts.timeRuns !== false)
    }

    // ---- Set-up -------------------------------------------------------------------------

    private checkSetup(what: string): void {
        if (this.started) throw new Error(`kernel: cannot ${what} after start()`)
    }

    addDpc(opts: DpcOptions): Dpc {
        this.checkSetup("add a DPC")
        if (!opts) throw new Error("kernel.addDpc: options are required")
        for (let i = 0; i < this.dpcs.length; i++)
            if (this.dpcs[i].name === opts.name) throw new Error(`duplicate DPC name '${opts.name}'`)
        const dpc = new Dpc(opts, this.dpcs.length, this.cores, MAX_THREADS_PER_CORE, this.layout)
        this.dpcs.push(dpc)
        return dpc
    }

    /** Registers an interrupt line routed by default to `core` (default 0). */
    addLine(name: string, core?: number): InterruptLine {
        this.checkSetup("add an interrupt line")
        checkName("interrupt line", name)
        for (let i = 0; i < this.lines.length; i++)
            if (this.lines[i].name === name) throw new Error(`duplicate interrupt line name '${name}'`)
        const c = core === undefined ? 0 : core
        if (typeof c !== "number" || Math.floor(c) !== c || c < 0 || c >= this.cores)
            throw new Error(`interrupt line '${name}': core ${c} is beyond the board's ${this.cores} cores (0-${this.cores - 1})`)
        const line = new InterruptLine(this.lines.length, name, c, this.cores, this.clock, this)
        this.lines.push(line)
        return line
    }

    /** Registers an interrupt source (a pin, an alarm...) on a line. */
    addSource(name: string, line: InterruptLine | string): Source {
        this.checkSetup("add a source")
        checkName("source", name)
        for (let i = 0; i < this.sources.length; i++)
            if (this.sources[i].name === name) throw new Error(`duplicate source name '${name}'`)
        const l = this.lineOf(line)
        const src = new Source(this.sources.length, name, l)
        this.sources.push(src)
        return src
    }

    /** Registers a driver: one ISR attached to its lines, and at least two DPCs (SPEC M8). */
    addDriver(opts: DriverOptions): Driver {
        this.checkSetup("add a driver")
        checkName("driver", opts.name)
        for (let i = 0; i < this.drivers.length; i++)
            if (this.drivers[i].name === opts.name) throw new Error(`duplicate driver name '${opts.name}'`)
        // Each line once in the driver's list; its ISR for the whole line or for some statuses, not both.
        const lines: InterruptLine[] = []
        const statuses: (number[] | null)[] = []
        for (let i = 0; i < opts.lines.length; i++) {
            const entry = opts.lines[i]
            const filtered = typeof entry === "object" && entry !== null && !(entry instanceof InterruptLine)
            const line = this.lineOf(filtered ? (entry as LineStatus).line : (entry as InterruptLine | string))
            let k = lines.indexOf(line)
            if (k < 0) {
                k = lines.length
                lines.push(line)
                statuses.push(filtered ? [] : null)
            } else if (!filtered || statuses[k] === null)
                throw new Error(`driver '${opts.name}': line '${line.name}' is listed twice (once for the whole line, or once per status)`)
            const mine = statuses[k]
            if (mine !== null) {
                const st = (entry as LineStatus).status
                if (!(typeof st === "number" && st >= 0 && st <= MAX_ISR_STATUS && Math.floor(st) === st))
                    throw new Error(`driver '${opts.name}': line '${line.name}': status must be a whole number from 0 to ${MAX_ISR_STATUS}, got ${st}`)
                if (mine.indexOf(st) >= 0) throw new Error(`driver '${opts.name}': line '${line.name}' status ${st} is listed twice`)
                mine.push(st)
            }
        }
        const dpcs: Dpc[] = []
        for (let i = 0; i < opts.dpcs.length; i++) dpcs.push(this.dpcOf(opts.dpcs[i]))
        const driver = new Driver(opts.name, opts.isr, lines, dpcs)
        for (let i = 0; i < lines.length; i++) {
            const mine = statuses[i]
            if (mine === null) lines[i].attach(opts.isr)
            else for (let j = 0; j < mine.length; j++) lines[i].attach(opts.isr, mine[j])
        }
        this.drivers.push(driver)
        return driver
    }

    /** The DPC called `name`; throws when there is none. */
    dpc(name: string): Dpc {
        for (let i = 0; i < this.dpcs.length; i++) if (this.dpcs[i].name === name) return this.dpcs[i]
        throw new Error(`unknown DPC '${name}' (known: ${namesOf(this.dpcs)})`)
    }

    line(name: string): InterruptLine {
        for (let i = 0; i < this.lines.length; i++) if (this.lines[i].name === name) return this.lines[i]
        throw new Error(`unknown interrupt line '${name}' (known: ${namesOf(this.lines)})`)
    }

    source(name: string): Source {
        for (let i = 0; i < this.sources.length; i++) if (this.sources[i].name === name) return this.sources[i]
        throw new Error(`unknown source '${name}' (known: ${namesOf(this.sources)})`)
    }

    private dpcOf(d: Dpc | string): Dpc {
        if (typeof d === "string") return this.dpc(d)
        if (!d || this.dpcs[d.index] !== d) throw new Error(`DPC '${d ? d.name : d}' is not registered with this kernel`)
        return d
    }

    private lineOf(l: InterruptLine | string): InterruptLine {
        if (typeof l === "string") return this.line(l)
        if (!l || this.lines[l.id] !== l) throw new Error(`interrupt line '${l ? l.name : l}' is not registered with this kernel`)
        return l
    }

    /**
     * Ends set-up: creates the DPC threads (the policy's, plus any that explicit targets name)
     * and the policy's placement table. Throws if there is no DPC.
     */
    start(): void {
        this.checkSetup("start")
        if (this.dpcs.length === 0) throw new Error("kernel: start() with no DPC registered")
        const layout = threadLayout(this.policyName, this.cores, this.threadsPerCore)
        for (let i = 0; i < this.dpcs.length; i++) {
            const t = this.dpcs[i].target
            if (t) {
                const th = t.thread === undefined ? 0 : t.thread
                if (th + 1 > layout[t.core]) layout[t.core] = th + 1
            }
        }
        for (let c = 0; c < this.cores; c++) {
            const own: DpcThread[] = []
            for (let k = 0; k < layout[c]; k++) {
                const t = new DpcThread(this.threads.length, c, k, this.clock, this)
                this.threads.push(t)
                own.push(t)
            }
            this.byCore.push(own)
        }
        const policy = new AssignmentPolicy(this.policyName, this.threads, this.byCore, this.dpcs)
        for (let i = 0; i < this.dpcs.length; i++) {
            const d = this.dpcs[i]
            const home = policy.home(d)
            d.home = home
            if (home !== null) {
                d.roams = false
                d.threadIndex = home.index
                home.homed.push(d)
            }
        }
        this.policy = policy
        this.started = true
    }

    /** Core c's DPC thread k; throws when it does not exist. */
    thread(core: number, k: number): DpcThread {
        if (!this.started) throw new Error("kernel: DPC threads exist only after start()")
        const own = this.byCore[core]
        if (!own || !own[k])
            throw new Error(`kernel: no DPC thread ${k} on core ${core} under policy ${this.policyName}`)
        return own[k]
    }

    // ---- Run time -------------------------------------------------------------------------

    /**
     * A request made outside an ISR or a DPC (a host's software event, tests): queues `dpc` for
     * one event of `source` stamped `stampNs`, as requested on `fromCore`. See RequestContext.
     */
    requestOn(dpc: Dpc, source: SourceRef, value: number, stampNs: number, fromCore: number): boolean {
        const r = this.requests
        r.core = fromCore
        r.stampNs = stampNs
        return r.request(dpc, source, value)
    }

    /**
     * `checks` mode (RequestSite): the kernel is started and the DPC and the source are its own;
     * counts the request on the DPC too (checkInvariants compares that with the sources' counts)
     * and numbers the event in the slot it will take (a dropped event uses up its number too).
     */
    checkRequest(dpc: Dpc, source: SourceRef): void {
        if (this.policy === null) throw new Error("kernel: request before start()")
        if (this.dpcs[dpc.index] !== dpc) throw new Error(`DPC '${dpc.name}' is not registered with this kernel`)
        if (this.sources[source.id] !== source) throw new Error(`source #${source.id} is not registered with this kernel`)
        dpc.stats.raised++
        const ring = dpc.ring
        if (ring.count < ring.capacity) ring.seqs[(ring.head + ring.count) & ring.mask] = this.nextSeq
        this.nextSeq++
    }

    /**
     * The event did not fit the DPC's ring: counted on the DPC, source and line, and reported
     * once per overflow episode: at the first drop since the DPC last accepted an event (the
     * events it ever accepted, processed + pending, have grown since the last drop).
     */
    drop(dpc: Dpc, source: SourceRef, fromCore: number): boolean {
        const src = source as Source
        const st = dpc.stats
        st.dropped++
        this.faultCount++
        src.dropped++
        src.line.dropped++
        src.line.droppedByCore[fromCore]++
        const accepted = st.processed + dpc.ring.count
        if (accepted !== st.acceptedAtDrop) {
            st.acceptedAtDrop = accepted
            this.fault("overflow", dpc, src, fromCore, "", 0)
        }
        return false
    }

    /** RequestSite: queues an idle DPC; Dispatcher.finish: re-queues one with events left. May wake a thread. */
    enqueue(dpc: Dpc, fromCore: number): void {
        let t = dpc.home
        if (t === null) {
            t = (this.policy as AssignmentPolicy).pick(dpc, fromCore)
            dpc.threadIndex = t.index
        }
        dpc.state = DPC_QUEUED
        t.insert(dpc)
        if (dpc.wakes) {
            if (!t.awake) {
                t.awake = true
                this.onWake(t)
            }
        }
    }

    /** RequestSite: a `low` DPC's batch is full: its thread wakes even if nothing else woke it. */
    wakeQueued(dpc: Dpc): void {
        this.wake(this.threads[dpc.threadIndex])
    }

    private wake(t: DpcThread): void {
        if (t.awake) return
        t.awake = true
        this.onWake(t)
    }

    /** Periodic tick: wakes every sleeping thread whose queue holds (low-importance) DPCs. */
    tick(): void {
        for (let i = 0; i < this.threads.length; i++) {
            const t = this.threads[i]
            if (!t.awake && t.queue.length > 0) this.wake(t)
        }
    }

    /** Adds processor time spent in ISRs on `core` (hosts that can measure it). */
    chargeIsrNs(core: number, ns: number): void {
        this.isrNsByCore[core] += ns
    }

    fault(kind: FaultKind, dpc: Dpc, source: Source | null, core: number, message: string, runNs: number): void {
        if (kind !== "overflow") this.faultCount++ // drop() counts every dropped event; this, once an episode
        if (this.onFault === null) return
        const f = this.faultRecord
        f.kind = kind
        f.dpc = dpc
        f.source = source
        f.core = core
        f.message = message
        f.runNs = runNs
        f.count = kind === "error" ? dpc.stats.errors : kind === "overflow" ? dpc.stats.dropped : dpc.stats.watchdog
        this.onFault(f)
    }

    violation(message: string): void {
        if (this.violations === 0) this.firstViolation = message
        this.violations++
    }

    // ---- Accounting ----------------------------------------------------------------------

    /**
     * Event totals: raised from the sources' counters (the request path), processed from the
     * DPCs' (the dispatcher), dropped from the DPCs' (the overflow path), pending from the rings.
     */
    totals(): EventTotals {
        let raised = 0
        for (let i = 0; i < this.sources.length; i++) raised += this.sources[i].raised
        let processed = 0
        let dropped = 0
        let pending = 0
        for (let i = 0; i < this.dpcs.length; i++) {
            const d = this.dpcs[i]
            processed += d.stats.processed
            dropped += d.stats.dropped
            pending += d.ring.count
        }
        return { raised: raised, processed: processed, dropped: dropped, pending: pending }
    }

    /**
     * Checks the kernel's invariants: conservation (raised = processed + dropped + pending),
     * drop attribution (sources and lines drop what the DPCs drop), per-DPC request counts
     * (`checks` mode), and no recorded violation. Returns "" when all hold, else what broke.
     */
    checkInvariants(): string {
        if (this.violations > 0) return `${this.violations} kernel invariant violation(s); first: ${this.firstViolation}`
        const t = this.totals()
        if (t.raised !== t.processed + t.dropped + t.pending)
            return `conservation broken: raised ${t.raised} != processed ${t.processed} + dropped ${t.dropped} + pending ${t.pending}`
        let srcDropped = 0
        for (let i = 0; i < this.sources.length; i++) srcDropped += this.sources[i].dropped
        if (srcDropped !== t.dropped) return `sources dropped ${srcDropped} events, the DPCs ${t.dropped}`
        let lineDropped = 0
        for (let i = 0; i < this.lines.length; i++) lineDropped += this.lines[i].dropped
        if (lineDropped !== t.dropped) return `lines dropped ${lineDropped} events, the DPCs ${t.dropped}`
        let dpcRaised = 0
        for (let i = 0; i < this.dpcs.length; i++) {
            const d = this.dpcs[i]
            dpcRaised += d.stats.raised
            if (d.ring.count > d.ring.capacity) return `DPC '${d.name}' holds ${d.ring.count} events in a ring of ${d.ring.capacity}`
        }
        if (this.checks && dpcRaised !== t.raised) return `sources raised ${t.raised} events, the DPCs were requested ${dpcRaised}`
        return ""
    }
}

/** The onWake of a kernel whose host polls its threads. */
function noWake(t: DpcThread): void {}

function namesOf(items: { name: string }[]): string {
    if (items.length === 0) return "none"
    const names: string[] = []
    for (let i = 0; i < items.length; i++) names.push(items[i].name)
    return names.join(", ")
}
