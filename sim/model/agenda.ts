/**
 * The simulator's agenda: which model part acts next. Every part that acts on its own (a core,
 * a stimulus generator, an alarm, the UART, the report timer) is an *agent* with a fixed id and
 * at most one pending time. The agenda is an indexed binary min-heap of agent ids ordered by
 * (time, id): the earliest agent acts first, and agents due at the same time act in id order,
 * so a run is deterministic. Ids are given out in registration order; the board registers
 * hardware event sources before cores, so an edge at time t is latched before a core steps at t.
 *
 * Memory is fixed by the number of agents (typed arrays, so times are never boxed); scheduling
 * never allocates. Cost: O(log n) per schedule or step for n agents.
 *
 * Agents that act often (cores, stimulus generators) say when they act next relative to now
 * (`scheduleIn`, `isNextIn`, `pullToNow`): a delay is a small integer, while a nanosecond time
 * passes 2^30 within the first simulated second, and V8 boxes such a number (allocates) on
 * every call it does not inline.
 */
import { SimClock } from "./sim-clock"

export const NEVER = Number.POSITIVE_INFINITY

export class Agenda {
    /** Pending time of each agent (ns), NEVER when it has none. */
    private due = new Float64Array(8)
    /** Heap of agent ids; `size` of them are in use. */
    private heap = new Int32Array(8)
    private size = 0
    /** Position of each agent in the heap, -1 when absent. */
    private pos = new Int32Array(8)
    private count = 0
    /** The agent acting now (see `serveNext`), until it schedules itself again; else -1. */
    private serving = -1

    /** `clock` is the board's: relative times count from its now. */
    constructor(private clock: SimClock) {}

    /** Registers an agent with nothing pending; returns its id. Set-up time only. */
    add(): number {
        const id = this.count++
        if (id >= this.due.length) {
            const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
                const b = make(a.length * 2)
                b.set(a)
                return b
            }
            this.due = grow(this.due, n => new Float64Array(n))
            this.heap = grow(this.heap, n => new Int32Array(n))
            this.pos = grow(this.pos, n => new Int32Array(n))
        }
        this.due[id] = NEVER
        this.pos[id] = -1
        return id
    }

    get agents(): number {
        return this.count
    }

    /** The time `id` is due, or NEVER. */
    dueNs(id: number): number {
        return this.due[id]
    }

    /**
     * The run loop's step: returns the earliest agent if it is due at or before `endNs`
     * (else -1) and leaves it at the head of the heap while it acts. If it schedules itself
     * again, that is one sift instead of a removal and an insertion; `served` then removes it
     * if it did not. Call `served` after the agent has acted.
     */
    serveNext(endNs: number): number {
        this.limitNs = endNs
        if (this.size === 0) return -1
        const id = this.heap[0]
        if (this.due[id] > endNs) return -1
        this.serving = id
        return id
    }

    /** Latest time the current run may reach (set by the run loop); agents due later do not act. */
    limitNs = NEVER

    /**
     * True when agent `id`, due next at `ns`, would act next anyway: (ns, id) comes before every
     * other pending agent, and ns is within the run. The acting agent may then go on at `ns`
     * in the same step, which is exactly what the run loop would do, without the heap.
     */
    isNext(id: number, ns: number): boolean {
        if (ns > this.limitNs) return false
        const heap = this.heap
        const n = this.size
        if (n === 0) return true
        let other = heap[0]
        if (other === id) {
            if (n === 1) return true
            other = heap[1]
            if (n > 2 && this.before(heap[2], other)) other = heap[2]
        }
        const d = this.due[other]
        return ns < d || (ns === d && id < other)
    }

    /** `isNext` for the time `delayNs` from now. */
    isNextIn(id: number, delayNs: number): boolean {
        return this.isNext(id, this.clock.nowNs() + delayNs)
    }

    /** Ends the step begun by `serveNext`: an agent that did not schedule itself has nothing pending. */
    served(id: number): void {
        if (this.serving === id) {
            this.serving = -1
            this.cancel(id)
        }
    }

    /** Sets (or moves) the time `id` acts next. NEVER removes it. */
    schedule(id: number, ns: number): void {
        // As a delay from now: exact, since times are whole nanoseconds far below 2^53.
        this.scheduleIn(id, ns - this.clock.nowNs())
    }

    /** Puts `id` where its new due time belongs: `moved` < 0 earlier, > 0 later, 0 unchanged (or NEVER). */
    private place(id: number, moved: number): void {
        const p = this.pos[id]
        if (this.due[id] === NEVER) {
            this.remove(id)
            return
        }
        if (p < 0) {
            const at = this.size++
            this.heap[at] = id
            this.pos[id] = at
            this.up(at)
        } else if (moved < 0) this.up(p)
        else if (moved > 0) this.down(p)
    }

    /**
     * Sets the time `id` acts next to `delayNs` from now (NEVER: nothing pending). The time is
     * computed here and goes to the heap as a direction only (see the file comment).
     */
    scheduleIn(id: number, delayNs: number): void {
        if (id === this.serving) this.serving = -1
        const ns = this.clock.nowNs() + delayNs
        const old = this.due[id]
        this.due[id] = ns
        this.place(id, ns === NEVER ? 0 : ns < old ? -1 : ns > old ? 1 : 0)
    }

    /** Moves `id` to now if it is due later (or not at all). */
    pullToNow(id: number): void {
        if (this.clock.nowNs() < this.due[id]) this.scheduleIn(id, 0)
    }

    /** Moves `id` earlier to `ns` if it is due later (or not at all); never delays it. */
    pull(id: number, ns: number): void {
        if (ns < this.due[id]) this.schedule(id, ns)
    }

    cancel(id: number): void {
        if (id === this.serving) this.serving = -1
        this.due[id] = NEVER
        this.remove(id)
    }

    /** Takes `id` out of the heap (its due time is already NEVER). */
    private remove(id: number): void {
        const p = this.pos[id]
        if (p < 0) return
        this.pos[id] = -1
        const lastAt = --this.size
        if (p < lastAt) {
            const last = this.heap[lastAt]
            this.heap[p] = last
            this.pos[last] = p
            this.down(p)
            this.up(this.pos[last])
        }
    }

    /**
     * The run loop: every agent due at or before `endNs` acts, earliest first, the clock moved to
     * its time; `act(id)` is what agent `id` does. Calls `onProgress` every `progressSteps`
     * steps with the time reached. Returns the steps taken; the clock is left at `endNs`.
     */
    run(endNs: number, act: (id: number) => void, onProgress?: (ns: number) => void, progressSteps = 1 << 16): number {
        const clock = this.clock
        let steps = 0
        for (;;) {
            const id = this.serveNext(endNs)
            if (id < 0) break
            const t = this.due[id]
            clock.setNs(t)
            act(id)
            this.served(id)
            steps++
            if (onProgress !== undefined && (steps & (progressSteps - 1)) === 0) onProgress(t)
        }
        if (endNs > clock.nowNs()) clock.setNs(endNs)
        return steps
    }

    /**
     * Agent `id` alone acts at each time it is due until it has nothing more (the end of a run:
     * the UART sends what it holds while nothing else moves); the clock follows it.
     */
    runOut(id: number, act: (id: number) => void): void {
        for (;;) {
            const due = this.due[id]
            if (due === NEVER) break
            this.cancel(id)
            this.clock.setNs(due)
            act(id)
        }
    }

    /** Time of the earliest pending agent, or NEVER. */
    peekNs(): number {
        return this.size === 0 ? NEVER : this.due[this.heap[0]]
    }

    /** Removes and returns the earliest agent (its due time is then NEVER); -1 when none. */
    pop(): number {
        if (this.size === 0) return -1
        const id = this.heap[0]
        this.cancel(id)
        return id
    }

    private before(a: number, b: number): boolean {
        const da = this.due[a]
        const db = this.due[b]
        return da < db || (da === db && a < b)
    }

    private up(p: number): void {
        const heap = this.heap
        const pos = this.pos
        const id = heap[p]
        while (p > 0) {
            const parent = (p - 1) >> 1
            const pid = heap[parent]
            if (!this.before(id, pid)) break
            heap[p] = pid
            pos[pid] = p
            p = parent
        }
        heap[p] = id
        pos[id] = p
    }

    private down(p: number): void {
        const heap = this.heap
        const pos = this.pos
        const n = this.size
        const id = heap[p]
        for (;;) {
            let child = 2 * p + 1
            if (child >= n) break
            if (child + 1 < n && this.before(heap[child + 1], heap[child])) child++
            const cid = heap[child]
            if (!this.before(cid, id)) break
            heap[p] = cid
            pos[cid] = p
            p = child
        }
        heap[p] = id
        pos[id] = p
    }
}
