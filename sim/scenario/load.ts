/**
 * Loads a scenario file: JSON syntax (no key twice, at most 1 MiB), then the published schema
 * (schema/scenario.schema.json, with Ajv), then the command line's overrides, then what a
 * schema cannot say (pins and alarms the board has, DPC names that exist, names used once,
 * times in order, the limits of limits.ts). Every error is an InputError that names the file
 * and the JSON path, and shows the value.
 *
 * A firmware scenario run on another board (`--board`) follows the board file's `wiring`: a
 * stimulus pin that has a role on the scenario's board (the button, GPIO 14 on rp2040) drives
 * the pin with that role on the other board (GPIO 18 on esp32).
 */
import { POLICIES, PolicyName } from "../../src/kernel"
import { SimBoardSpec, loadBoard, pinRanges } from "../board-spec"
import { HOSTS, HostName } from "../host/host-board"
import { PORT_TICK_MS } from "../host/devicescript/port"
import { InputError } from "../input-error"
import { parseJsonFile } from "../json-file"
import { SchemaValidator, closest } from "../schema/validate"
import { MAX_DURATION_NS, MAX_RING_SLOTS, MAX_RUN_EVENTS, overBudget, stimulusEdges, EventEstimate } from "./limits"
import { DpcSpec, Scenario, SourceSpec, StimulusSpec, usToNs } from "./scenario"

/** What the command line may override (docs/cli.md). */
export interface Overrides {
    board?: string
    policy?: string
    seed?: number
    durationMs?: number
    host?: string
}

export const DEFAULTS = { board: "rp2040", policy: "cores" as PolicyName, seed: 1, durationUs: 100_000, reportMs: 1000, tickUs: 1000, ring: 256, isrCycles: 100 }

/** The devicescript host's kernel tick: the port's. */
export const DEVICESCRIPT_TICK_US = PORT_TICK_MS * 1000

/** An object with no prototype, for maps keyed by names from the file (`toString` is just a name). */
function dict<T>(): { [key: string]: T } {
    return Object.create(null)
}

let validator: SchemaValidator | null = null
function scenarioValidator(): SchemaValidator {
    if (validator === null) validator = new SchemaValidator("scenario.schema.json")
    return validator
}

/**
 * `strict` false: keys the host does not use (priorities and ISR cycles on devicescript, a cost
 * of the other host's kind) are left out instead of refused: the same scenario under the other
 * host, for the report's side-by-side (sim/output/compare.ts).
 */
export function loadScenario(file: string, overrides: Overrides = {}, strict = true): Scenario {
    return checkScenario(parseJsonFile(file), file, overrides, strict)
}

/** Checks the command line's overrides (the same limits as the scenario keys they replace). */
function checkOverrides(o: Overrides): void {
    if (o.policy !== undefined && !POLICIES.includes(o.policy as PolicyName)) throw new InputError("--policy", "", `must be one of ${POLICIES.join(", ")}, got '${o.policy}'`)
    if (o.seed !== undefined && !(Number.isInteger(o.seed) && o.seed >= 0 && o.seed <= 4294967295))
        throw new InputError("--seed", "", `must be a whole number from 0 to 4294967295, got ${o.seed}`)
    if (o.durationMs !== undefined && !(o.durationMs >= 1e-6 && o.durationMs * 1e6 <= MAX_DURATION_NS))
        throw new InputError("--duration-ms", "", `must be from 0.000001 (1 ns) to ${MAX_DURATION_NS / 1e6} (a day), got ${o.durationMs}`)
    if (o.host !== undefined && !HOSTS.includes(o.host as HostName)) throw new InputError("--host", "", `must be one of ${HOSTS.join(", ")}, got '${o.host}'`)
}

/**
 * Checks an already parsed scenario (`file` names it in errors). `strict` false: keys the host
 * does not use are ignored instead of refused (a side-by-side run under the other host).
 */
export function checkScenario(raw: unknown, file: string, overrides: Overrides = {}, strict = true): Scenario {
    const err = scenarioValidator().validate(raw)
    if (err) throw new InputError(file, err.path, err.reason)
    const s = raw as any
    const fail = (path: string, reason: string): never => {
        throw new InputError(file, path, reason)
    }

    // Overrides first: a board given on the command line is checked against the whole scenario.
    checkOverrides(overrides)
    const ownBoard = () => loadBoard(s.board ?? DEFAULTS.board, { file, path: "board" })
    const board: SimBoardSpec = overrides.board !== undefined ? loadBoard(overrides.board, { file: "--board", path: "" }) : ownBoard()
    const app = s.app === "firmware" ? "firmware" : "scenario"
    const host: HostName = (overrides.host ?? s.host ?? (app === "firmware" ? "devicescript" : "native")) as HostName
    const ds = host === "devicescript"
    /** A key the host does not use: refused (one line, saying why), unless not strict. */
    const notUsed = (path: string, reason: string) => {
        if (strict) fail(path, reason)
    }
    /** A pin of the file as the board that runs it sees it (the firmware's wiring followed under --board). */
    let boardPin = (pin: number) => pin
    if (app === "firmware") {
        if (s.sources !== undefined) fail("sources", 'not used with app "firmware" (the firmware brings its own sources); remove it')
        if (s.dpcs !== undefined) fail("dpcs", 'not used with app "firmware" (the firmware brings its own DPCs); remove it')
        if (overrides.board !== undefined) {
            const own = ownBoard()
            const roleOf = dict<string>()
            for (const [role, pin] of Object.entries(own.wiring)) roleOf[pin] = role
            boardPin = pin => (roleOf[pin] !== undefined && board.wiring[roleOf[pin]] !== undefined ? board.wiring[roleOf[pin]] : pin)
        }
    } else {
        if (s.sources === undefined) fail("(top level)", "missing required key 'sources' (or set \"app\": \"firmware\")")
        if (s.dpcs === undefined) fail("(top level)", "missing required key 'dpcs' (or set \"app\": \"firmware\")")
    }

    const cores = board.cores
    const coreCheck = (path: string, core: number) => {
        if (core >= cores) fail(path, `core ${core} is beyond ${board.id}'s ${cores} core${cores === 1 ? "" : "s"} (0-${cores - 1})`)
    }
    const pinCheck = (path: string, pin: number) => {
        if (!board.gpio.pins.includes(pin)) fail(path, `GPIO ${pin} does not exist on ${board.id} (GPIOs: ${pinRanges(board.gpio.pins)})`)
    }
    if (s.report_ms !== undefined && s.report_ms > 0 && s.report_ms < 1) fail("report_ms", `must be 0 (no periodic report) or at least 1 ms, got ${s.report_ms}`)
    /** Checks a list of times in us increases, to the ns the simulator keeps; returns it in ns. */
    const increasing = (path: string, listUs: number[]): number[] => {
        const ns = listUs.map(usToNs)
        for (let i = 1; i < ns.length; i++) if (!(ns[i] > ns[i - 1])) fail(`${path}[${i}]`, `times must increase: ${listUs[i]} after ${listUs[i - 1]}`)
        return ns
    }

    const dpcs: DpcSpec[] = []
    const dpcNames = new Set<string>()
    let ringSlots = 0
    ;(s.dpcs ?? []).forEach((d: any, i: number) => {
        const at = `dpcs[${i}]`
        if (dpcNames.has(d.name)) fail(`${at}.name`, `duplicate DPC name '${d.name}'`)
        dpcNames.add(d.name)
        if (d.target !== undefined) coreCheck(`${at}.target.core`, d.target.core)
        const ring = d.ring ?? DEFAULTS.ring
        ringSlots += ring
        if (ringSlots > MAX_RING_SLOTS) fail(`${at}.ring`, `the rings of all DPCs hold at most ${MAX_RING_SLOTS} events together; with this one (${ring}) they would hold ${ringSlots}`)
        if (d.budget_events !== undefined && d.budget_events > ring) fail(`${at}.budget_events`, `must be <= the ring capacity (${ring}), got ${d.budget_events}`)
        if (!ds && d.cycles === undefined)
            fail(at, `missing required key 'cycles' (the DPC's CPU cycles per run: the native host's cost)${d.opcodes !== undefined ? "; 'opcodes' is the devicescript host's (--host devicescript)" : ""}`)
        if (ds && d.opcodes === undefined)
            fail(at, `missing 'opcodes' for the devicescript host (the routine's VM opcodes per run)${d.cycles !== undefined ? "; 'cycles' is the native host's cost, which does not convert to opcodes" : ""}`)
        dpcs.push({
            name: d.name,
            cycles: d.cycles ?? 0,
            cyclesPerEvent: d.cycles_per_event ?? 0,
            opcodes: d.opcodes ?? 0,
            opcodesPerEvent: d.opcodes_per_event ?? 0,
            importance: d.importance ?? "medium",
            target: d.target === undefined ? undefined : { core: d.target.core, thread: d.target.thread ?? 0 },
            budgetEvents: d.budget_events,
            watchdogNs: d.watchdog_us === undefined ? undefined : usToNs(d.watchdog_us),
            ring,
            failEvery: d.fail_every ?? 0,
        })
    })

    const sources: SourceSpec[] = []
    const names = new Set<string>()
    const pinsUsed = new Map<number, number>()
    const alarmsUsed = new Map<number, number>()
    ;(s.sources ?? []).forEach((src: any, i: number) => {
        const at = `sources[${i}]`
        if (names.has(src.name)) fail(`${at}.name`, `duplicate source name '${src.name}'`)
        names.add(src.name)
        if (!dpcNames.has(src.dpc)) {
            const guess = closest(src.dpc, [...dpcNames])
            fail(`${at}.dpc`, `no DPC named '${src.dpc}'${guess ? ` (did you mean '${guess}'?)` : ""}; DPCs: ${[...dpcNames].join(", ") || "none"}`)
        }
        const core = src.core ?? 0
        coreCheck(`${at}.core`, core)
        const isGpio = src.gpio !== undefined
        const isAlarm = src.alarm !== undefined
        if (isGpio === isAlarm) fail(at, isGpio ? "give either 'gpio' or 'alarm', not both" : "needs 'gpio' (a pin) or 'alarm' (a timer alarm index)")
        const isrCycles = src.isr_cycles ?? DEFAULTS.isrCycles
        const isrOpcodes = src.isr_opcodes ?? 0
        if (ds && src.isr_cycles !== undefined && src.isr_opcodes === undefined)
            notUsed(`${at}.isr_cycles`, "the native host's ISR cost in cycles; the devicescript host takes isr_opcodes (the ISR's VM opcodes beyond its request) instead, or neither")
        if (isGpio) {
            pinCheck(`${at}.gpio`, src.gpio)
            if (pinsUsed.has(src.gpio)) fail(`${at}.gpio`, `GPIO ${src.gpio} is already the source sources[${pinsUsed.get(src.gpio)}]`)
            pinsUsed.set(src.gpio, i)
            if (src.edge === undefined) fail(at, "missing required key 'edge' for a GPIO source (rising, falling, both, high, low)")
            for (const k of ["period_us", "start_us", "at_us"]) if (src[k] !== undefined) fail(`${at}.${k}`, "applies to alarm sources only")
            sources.push({ kind: "gpio", name: src.name, gpio: src.gpio, edge: src.edge, pull: src.pull, core, isrCycles, isrOpcodes, dpc: src.dpc })
        } else {
            if (src.alarm >= board.alarms.length)
                fail(`${at}.alarm`, `alarm ${src.alarm} does not exist on ${board.id} (alarms 0-${board.alarms.length - 1})`)
            if (alarmsUsed.has(src.alarm)) fail(`${at}.alarm`, `alarm ${src.alarm} is already the source sources[${alarmsUsed.get(src.alarm)}]`)
            alarmsUsed.set(src.alarm, i)
            for (const k of ["edge", "pull"]) if (src[k] !== undefined) fail(`${at}.${k}`, "applies to GPIO sources only")
            if ((src.period_us === undefined) === (src.at_us === undefined))
                fail(at, "an alarm source needs either 'period_us' (periodic) or 'at_us' (one-shot times), not both")
            const atNs = src.at_us === undefined ? [] : increasing(`${at}.at_us`, src.at_us)
            if (src.at_us !== undefined && src.start_us !== undefined) fail(`${at}.start_us`, "applies to periodic alarms only (at_us gives the times)")
            const periodNs = src.period_us === undefined ? 0 : usToNs(src.period_us)
            if (src.period_us !== undefined && periodNs < board.alarmResolutionNs)
                fail(`${at}.period_us`, `must be at least the timer's resolution (${board.alarmResolutionNs / 1000} us), got ${src.period_us}`)
            sources.push({
                kind: "alarm",
                name: src.name,
                alarm: src.alarm,
                startNs: src.start_us !== undefined ? usToNs(src.start_us) : periodNs,
                periodNs,
                atNs,
                core,
                isrCycles,
                isrOpcodes,
                dpc: src.dpc,
            })
        }
    })
    if (board.gpio.routing === "matrix" && !ds) {
        const gpioCores = new Set(sources.filter(x => x.kind === "gpio").map(x => x.core))
        if (gpioCores.size > 1) {
            const i = (s.sources as any[]).findIndex(x => x.gpio !== undefined && (x.core ?? 0) !== sources.find(y => y.kind === "gpio")!.core)
            fail(`sources[${i}].core`, `on ${board.id} the GPIO interrupt goes to one core through the interrupt matrix; every GPIO source must use the same core`)
        }
    }

    /**
     * A pulse train's interval (`period` or `spacing`) and pulse width in ns: the width defaults
     * to half the interval and must be shorter than it.
     */
    const pulses = (at: string, interval: string, intervalUs: number, widthUs: number | undefined): [number, number] => {
        const intervalNs = usToNs(intervalUs)
        const widthNs = widthUs === undefined ? Math.floor(intervalNs / 2) : usToNs(widthUs)
        if (intervalNs < 2) fail(`${at}.${interval}_us`, `must be at least 0.002 us, got ${intervalUs}`)
        if (widthNs >= intervalNs) fail(`${at}.width_us`, `must be shorter than the ${interval} (${intervalUs} us), got ${widthUs}`)
        return [intervalNs, widthNs]
    }
    const stimulus: StimulusSpec[] = []
    ;(s.stimulus ?? []).forEach((raw: any, i: number) => {
        const at = `stimulus[${i}]`
        const st = { ...raw, gpio: boardPin(raw.gpio) }
        pinCheck(`${at}.gpio`, st.gpio)
        const count = st.count ?? Number.POSITIVE_INFINITY
        switch (st.kind) {
            case "poisson":
                stimulus.push({ kind: "poisson", gpio: st.gpio, rateHz: st.rate_hz, widthNs: usToNs(st.width_us ?? 1), startNs: usToNs(st.start_us ?? 0), count })
                break
            case "periodic": {
                const [periodNs, widthNs] = pulses(at, "period", st.period_us, st.width_us)
                stimulus.push({ kind: "periodic", gpio: st.gpio, periodNs, widthNs, startNs: usToNs(st.start_us ?? 0), count })
                break
            }
            case "burst": {
                const [spacingNs, widthNs] = pulses(at, "spacing", st.spacing_us, st.width_us)
                stimulus.push({ kind: "burst", gpio: st.gpio, atNs: usToNs(st.at_us), count: st.count, spacingNs, widthNs })
                break
            }
            case "bounce":
                stimulus.push({ kind: "bounce", gpio: st.gpio, atNs: usToNs(st.at_us), edges: st.edges, spacingNs: usToNs(st.spacing_us) })
                break
            case "edges":
                stimulus.push({ kind: "edges", gpio: st.gpio, atNs: increasing(`${at}.at_us`, st.at_us) })
                break
        }
    })

    if (ds && s.priorities !== undefined)
        notUsed("priorities", "not used by the devicescript host: it has no interrupt priorities (the pin scan and the timer fiber raise the lines, on one VM thread)")
    if (ds && s.isr_cycles !== undefined) notUsed("isr_cycles", "not used by the devicescript host: its ISRs cost VM opcodes (sources[].isr_opcodes)")
    const levels = board.interrupt.priorityLevels
    const lineNames = [board.gpio.irq.name, ...board.alarms.map(a => a.name)]
    for (const [line, p] of Object.entries((s.priorities ?? {}) as { [k: string]: number })) {
        if (!lineNames.includes(line)) fail(`priorities.${line}`, `no interrupt line '${line}' on ${board.id} (lines: ${lineNames.join(", ")})`)
        if (p >= levels) fail(`priorities.${line}`, `must be below ${board.id}'s ${levels} priority levels (0 most urgent), got ${p}`)
    }
    const isrCycles = dict<number>()
    for (const [key, cycles] of Object.entries((s.isr_cycles ?? {}) as { [k: string]: number })) {
        const m = /^(gpio|alarm)(\d+)$/.exec(key)
        isrCycles[m && m[1] === "gpio" ? `gpio${boardPin(Number(m[2]))}` : key] = cycles
        if (m && m[1] === "gpio") pinCheck(`isr_cycles.${key}`, boardPin(Number(m[2])))
        else if (m && Number(m[2]) >= board.alarms.length) fail(`isr_cycles.${key}`, `alarm ${m[2]} does not exist on ${board.id} (alarms 0-${board.alarms.length - 1})`)
        else if (!m && !lineNames.includes(key)) fail(`isr_cycles.${key}`, `must be gpio<N>, alarm<N> or a line name (${lineNames.join(", ")})`)
    }
    const costs: Scenario["costs"] = dict()
    const opcodes: Scenario["opcodes"] = dict()
    for (const [name, c] of Object.entries((s.costs ?? {}) as { [k: string]: any })) {
        if (app === "scenario" && !dpcNames.has(name)) fail(`costs.${name}`, `no DPC named '${name}' (DPCs: ${[...dpcNames].join(", ")})`)
        if (c.cycles === undefined && c.cycles_per_event !== undefined) fail(`costs.${name}`, "cycles_per_event needs cycles")
        if (c.opcodes === undefined && c.opcodes_per_event !== undefined) fail(`costs.${name}`, "opcodes_per_event needs opcodes")
        if (ds && c.opcodes === undefined) notUsed(`costs.${name}`, "gives only cycles, the native host's cost; a devicescript run needs opcodes (the routine's VM opcodes per run): cycles do not convert to opcodes")
        if (!ds && c.cycles === undefined) notUsed(`costs.${name}`, "gives only opcodes, the devicescript host's cost; a native run needs cycles (--host devicescript for opcodes)")
        if (c.cycles !== undefined) costs[name] = { cycles: c.cycles, cyclesPerEvent: c.cycles_per_event ?? 0 }
        if (c.opcodes !== undefined) opcodes[name] = { opcodes: c.opcodes, opcodesPerEvent: c.opcodes_per_event ?? 0 }
    }

    const priorities = dict<number>()
    for (const [line, p] of Object.entries((s.priorities ?? {}) as { [k: string]: number })) priorities[line] = p

    const durationNs = overrides.durationMs !== undefined ? Math.round(overrides.durationMs * 1e6) : usToNs(s.duration_us ?? DEFAULTS.durationUs)
    const reportNs = Math.round((s.report_ms ?? DEFAULTS.reportMs) * 1e6)
    const tickNs = usToNs(s.tick_us ?? (ds ? DEVICESCRIPT_TICK_US : DEFAULTS.tickUs))
    if (ds) {
        // The port's printer and kernel tick are fiber sleeps: whole ms.
        if (reportNs % 1e6 !== 0) fail("report_ms", `the devicescript host prints its report from a fiber that sleeps whole ms: must be a whole number, got ${s.report_ms}`)
        if (tickNs % 1e6 !== 0) fail("tick_us", `the devicescript host's kernel tick is a fiber's deadline in whole ms: must be a multiple of 1000, got ${s.tick_us}`)
    }
    checkWork(durationNs, reportNs, tickNs, sources, stimulus, fail)
    return {
        file,
        board,
        policy: (overrides.policy ?? s.policy ?? DEFAULTS.policy) as PolicyName,
        threadsPerCore: s.threads_per_core,
        seed: overrides.seed ?? s.seed ?? DEFAULTS.seed,
        host,
        durationNs,
        reportNs,
        tickNs,
        app,
        sources,
        dpcs,
        stimulus,
        costs,
        opcodes,
        isrCycles,
        priorities,
    }
}

/** Refuses a run that would cause more than MAX_RUN_EVENTS agenda events (limits.ts), naming its biggest cause. */
function checkWork(durationNs: number, reportNs: number, tickNs: number, sources: SourceSpec[], stimulus: StimulusSpec[], fail: (path: string, reason: string) => never): void {
    const parts: EventEstimate[] = [{ path: "tick_us", events: durationNs / tickNs }]
    // A report is a dozen lines or so, each one UART completion.
    if (reportNs > 0) parts.push({ path: "report_ms", events: (durationNs / reportNs) * 16 })
    stimulus.forEach((st, i) => parts.push({ path: `stimulus[${i}]`, events: stimulusEdges(st, durationNs) }))
    sources.forEach((src, i) => {
        if (src.kind === "alarm") parts.push({ path: `sources[${i}]`, events: src.periodNs > 0 ? durationNs / src.periodNs : src.atNs.length })
    })
    const over = overBudget(parts)
    if (over !== null)
        fail(
            over.worst.path,
            `this run would cause about ${over.total.toPrecision(3)} events in ${durationNs / 1e6} ms (${over.worst.events.toPrecision(3)} from here); a run may cause at most ${MAX_RUN_EVENTS} (docs/limits.md): shorten it or lower the rate`
        )
}
