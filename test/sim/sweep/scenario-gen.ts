/**
 * Random scenarios for the sweep (fast-check arbitraries): valid by the published schema and
 * by everything the loader checks beyond it, over every board in boards/, every policy, every
 * source and stimulus kind, importance, target, budget, ring, watchdog, fail_every, level and
 * edge pins, one-shot alarm lists (some denser than their ISR) and dense bursts. Short runs
 * (0.2-5 ms simulated) keep a scenario to a few milliseconds of wall time.
 *
 * A scenario is drawn as a shape of choices (indices, counts, integer nanoseconds) and then
 * made valid deterministically (`build`), so fast-check can shrink the choices.
 */
import fc from "fast-check"
import { POLICIES } from "../../../src/kernel"
import { SimBoardSpec, boardIds, loadBoard } from "../../../sim/board-spec"

export const BOARDS: SimBoardSpec[] = boardIds().map(id => loadBoard(id))

const EDGES = ["rising", "falling", "both", "high", "low"]
const IMPORTANCE = ["high", "medium", "low"]

/** Microseconds from whole nanoseconds, as a user would write them (3 decimals). */
const us = (ns: number) => ns / 1000

const dpcShape = fc.record({
    cycles: fc.integer({ min: 0, max: 20_000 }),
    perEvent: fc.option(fc.integer({ min: 0, max: 4_000 }), { nil: undefined }),
    importance: fc.option(fc.constantFrom(...IMPORTANCE), { nil: undefined }),
    target: fc.option(fc.record({ core: fc.nat(), thread: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) }), { nil: undefined }),
    ring: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
    /** Budget as a share of the ring, so it never exceeds it. */
    budgetPct: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    watchdogNs: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: undefined }),
    failEvery: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
})

const sourceShape = fc.record({
    alarm: fc.boolean(),
    pick: fc.nat(),
    edge: fc.constantFrom(...EDGES),
    pull: fc.option(fc.constantFrom("up", "down"), { nil: undefined }),
    core: fc.option(fc.nat(), { nil: undefined }),
    isrCycles: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    dpc: fc.nat(),
    // alarms: periodic (period, optional start) or a one-shot list of increasing times
    oneShot: fc.boolean(),
    periodNs: fc.integer({ min: 1_000, max: 300_000 }),
    startNs: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
    firstNs: fc.integer({ min: 0, max: 100_000 }),
    gapsNs: fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 0, maxLength: 6 }),
})

const stimulusShape = fc.record({
    kind: fc.constantFrom("poisson", "periodic", "burst", "bounce", "edges"),
    /** Mostly a watched pin; now and then any pin of the board. */
    pick: fc.nat(),
    anyPin: fc.integer({ min: 0, max: 9 }),
    rateHz: fc.integer({ min: 100, max: 2_000_000 }),
    intervalNs: fc.integer({ min: 2, max: 200_000 }),
    /** Pulse width as a share of the interval (1..99 %), or a width of its own (poisson). */
    widthPct: fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
    widthNs: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined }),
    startNs: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: undefined }),
    count: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
    edges: fc.integer({ min: 1, max: 40 }),
    gapsNs: fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 12 }),
})

const shape = fc.record({
    board: fc.integer({ min: 0, max: BOARDS.length - 1 }),
    policy: fc.constantFrom(...POLICIES),
    threadsPerCore: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    durationNs: fc.integer({ min: 200_000, max: 5_000_000 }),
    reportMs: fc.option(fc.constantFrom(0, 1, 2), { nil: undefined }),
    tickNs: fc.option(fc.integer({ min: 50_000, max: 2_000_000 }), { nil: undefined }),
    dpcs: fc.array(dpcShape, { minLength: 1, maxLength: 4 }),
    sources: fc.array(sourceShape, { minLength: 1, maxLength: 6 }),
    stimulus: fc.array(stimulusShape, { minLength: 0, maxLength: 6 }),
    priorities: fc.array(fc.record({ line: fc.nat(), priority: fc.nat() }), { maxLength: 3 }),
    lineCycles: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
    /** One scenario in four under the devicescript host (costs in opcodes: a tenth of the cycles). */
    host: fc.integer({ min: 0, max: 3 }),
})

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never

/** The k-th element of `list` not in `used` (wrapping), or undefined when all are used. */
function pickFree<T>(list: T[], used: Set<T>, k: number): T | undefined {
    const free = list.filter(x => !used.has(x))
    return free.length === 0 ? undefined : free[k % free.length]
}

/** Makes a shape into a scenario object the loader accepts. */
export function build(s: Shape): { [key: string]: any } {
    const board = BOARDS[s.board]
    const cores = board.cores
    const dpcs = s.dpcs.map((d, i) => {
        const out: { [key: string]: any } = { name: `d${i}`, cycles: d.cycles }
        if (d.perEvent !== undefined) out.cycles_per_event = d.perEvent
        if (d.importance !== undefined) out.importance = d.importance
        if (d.target !== undefined) out.target = d.target.thread === undefined ? { core: d.target.core % cores } : { core: d.target.core % cores, thread: d.target.thread }
        if (d.ring !== undefined) out.ring = d.ring
        if (d.budgetPct !== undefined) out.budget_events = Math.max(1, Math.floor(((d.ring ?? 256) * d.budgetPct) / 100))
        if (d.watchdogNs !== undefined) out.watchdog_us = us(d.watchdogNs)
        if (d.failEvery !== undefined) out.fail_every = d.failEvery
        return out
    })
    const usedPins = new Set<number>()
    const usedAlarms = new Set<number>()
    const alarmIndices = board.alarms.map((_, i) => i)
    let gpioCore = -1
    const sources: { [key: string]: any }[] = []
    s.sources.forEach((src, i) => {
        const base: { [key: string]: any } = { name: `s${i}`, dpc: `d${src.dpc % dpcs.length}` }
        if (src.isrCycles !== undefined) base.isr_cycles = src.isrCycles
        let core = src.core === undefined ? undefined : src.core % cores
        const alarm = src.alarm ? pickFree(alarmIndices, usedAlarms, src.pick) : undefined
        if (alarm !== undefined) {
            usedAlarms.add(alarm)
            base.alarm = alarm
            if (src.oneShot) {
                let t = src.firstNs
                const times = [us(t)]
                for (const g of src.gapsNs) times.push(us((t += g)))
                base.at_us = times
            } else {
                base.period_us = us(src.periodNs)
                if (src.startNs !== undefined) base.start_us = us(src.startNs)
            }
        } else {
            const pin = pickFree(board.gpio.pins, usedPins, src.pick)
            if (pin === undefined) return
            usedPins.add(pin)
            if (board.gpio.routing === "matrix") {
                if (gpioCore < 0) gpioCore = core ?? 0
                core = gpioCore
            }
            base.gpio = pin
            base.edge = src.edge
            if (src.pull !== undefined) base.pull = src.pull
        }
        if (core !== undefined) base.core = core
        sources.push(base)
    })
    const watched = sources.filter(x => x.gpio !== undefined).map(x => x.gpio as number)
    const stimulus = s.stimulus.map(st => {
        const gpio = watched.length > 0 && st.anyPin > 0 ? watched[st.pick % watched.length] : board.gpio.pins[st.pick % board.gpio.pins.length]
        const interval = Math.max(2, st.intervalNs)
        const width = st.widthPct === undefined ? undefined : Math.max(1, Math.min(interval - 1, Math.floor((interval * st.widthPct) / 100)))
        const out: { [key: string]: any } = { gpio, kind: st.kind }
        switch (st.kind) {
            case "poisson":
                out.rate_hz = st.rateHz
                if (st.widthNs !== undefined) out.width_us = us(st.widthNs)
                if (st.startNs !== undefined) out.start_us = us(st.startNs)
                if (st.count !== undefined) out.count = st.count
                break
            case "periodic":
                out.period_us = us(interval)
                if (width !== undefined) out.width_us = us(width)
                if (st.startNs !== undefined) out.start_us = us(st.startNs)
                if (st.count !== undefined) out.count = st.count
                break
            case "burst":
                out.at_us = us(st.startNs ?? 0)
                out.count = st.count ?? 20
                out.spacing_us = us(interval)
                if (width !== undefined) out.width_us = us(width)
                break
            case "bounce":
                out.at_us = us(st.startNs ?? 0)
                out.edges = st.edges
                out.spacing_us = us(Math.max(1, Math.floor(interval / 2)))
                break
            case "edges": {
                let t = st.startNs ?? 0
                out.at_us = st.gapsNs.map(g => us((t += g)))
                break
            }
        }
        return out
    })
    const lines = [board.gpio.irq.name, ...board.alarms.map(a => a.name)]
    const priorities: { [line: string]: number } = {}
    for (const p of s.priorities) priorities[lines[p.line % lines.length]] = p.priority % board.interrupt.priorityLevels
    dropUnallocatable(board, sources, priorities)
    const sc: { [key: string]: any } = {
        version: 1,
        board: board.id,
        policy: s.policy,
        seed: s.seed,
        duration_us: us(s.durationNs),
        sources,
        dpcs,
        stimulus,
    }
    if (s.threadsPerCore !== undefined) sc.threads_per_core = s.threadsPerCore
    if (s.reportMs !== undefined) sc.report_ms = s.reportMs
    if (s.tickNs !== undefined) sc.tick_us = us(s.tickNs)
    if (Object.keys(priorities).length > 0) sc.priorities = priorities
    if (s.lineCycles !== undefined) sc.isr_cycles = { [board.gpio.irq.name]: s.lineCycles }
    return s.host === 0 ? underDevicescript(sc) : sc
}

/**
 * The scenario under the devicescript host: costs in opcodes instead of cycles, no interrupt
 * priorities or ISR cycles (it has neither), the kernel tick in whole ms.
 */
function underDevicescript(sc: { [key: string]: any }): { [key: string]: any } {
    const out: { [key: string]: any } = { ...sc, host: "devicescript" }
    out.dpcs = sc.dpcs.map((d: any) => {
        const { cycles, cycles_per_event, ...rest } = d
        return { ...rest, opcodes: Math.floor(cycles / 10), ...(cycles_per_event !== undefined ? { opcodes_per_event: Math.floor(cycles_per_event / 10) } : {}) }
    })
    out.sources = sc.sources.map((x: any) => {
        const { isr_cycles, ...rest } = x
        return isr_cycles === undefined ? rest : { ...rest, isr_opcodes: Math.floor(isr_cycles / 10) }
    })
    delete out.priorities
    delete out.isr_cycles
    if (sc.tick_us !== undefined) out.tick_us = Math.max(1000, Math.round(sc.tick_us / 1000) * 1000)
    return out
}

/**
 * On boards whose SDK allocates CPU interrupts per level (ESP-IDF on Xtensa), more lines at one
 * priority on one core than it has free interrupts cannot be set up (`dpc-sim validate` rejects
 * them: esp_intr_alloc would fail); such priorities are dropped (back to the default).
 */
function dropUnallocatable(board: SimBoardSpec, sources: { [key: string]: any }[], priorities: { [line: string]: number }): void {
    if (board.interrupt.dispatchOrder !== "highest-cpu-interrupt") return
    const used = new Map<string, number>()
    const fits = (priority: number, core: number) =>
        (used.get(`${core}/${priority}`) ?? 0) < (board.interrupt.cpuInterrupts.find(c => c.priority === priority)?.free[core].length ?? 0)
    const claim = (line: string, core: number) => {
        if (priorities[line] !== undefined && !fits(priorities[line], core)) delete priorities[line]
        const key = `${core}/${priorities[line] ?? board.interrupt.defaultPriority}`
        used.set(key, (used.get(key) ?? 0) + 1)
    }
    const gpio = sources.find(x => x.gpio !== undefined)
    if (gpio !== undefined) claim(board.gpio.irq.name, gpio.core ?? 0)
    for (const x of sources) if (x.alarm !== undefined) claim(board.alarms[x.alarm].name, x.core ?? 0)
}

/** Random valid scenarios. */
export const scenarioArb: fc.Arbitrary<{ [key: string]: any }> = shape.map(build)
