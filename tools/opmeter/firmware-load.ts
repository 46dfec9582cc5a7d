/**
 * The firmware's VM opcodes over time, under a scenario's stimulus, exactly: the probe
 * `firmware.window` (tools/opmeter/devs/probes/firmware.ts) replays windows of the firmware's
 * fiber slices, with the port's slices and with empty ones; the difference, plus what the
 * fiber loops cost around their slices (from the bytecode), is what the firmware runs.
 *
 *     const load = await firmwareLoad("scenarios/default.json", { fromMs: 1000, toMs: 2000 })
 *     load.opcodes / load.seconds   // opcodes per second of the firmware
 *
 * The stimulus is the scenario's, on the firmware's pins, read as the pin scan reads it: each
 * millisecond at `phaseUs` into it (pulses shorter than the scan are missed, as on a board).
 */
import { Scenario } from "../../sim/scenario/scenario"
import { buildBoard } from "../../sim/run"
import { buildStimulus } from "../../sim/scenario/stimulus"
import { NEVER } from "../../sim/model/agenda"
import { PinDriver } from "../../sim/model/stimulus"
import { ListedFunction } from "./listing"
import { loopIteration } from "./loop-cost"
import { Measurement, MeterOptions, ProbeError, measure, probeListing } from "./meter"

/** Slice kinds of the probe's log (firmware.ts K_*). */
const K_TIMER = 1
const K_SCAN = 2
const K_PRINT = 3
const K_DPC = 4

export interface LoadOptions extends MeterOptions {
    /** The window measured, in ms from the start (the firmware runs from 0 in both cases). */
    fromMs: number
    toMs: number
    /** Longest window one probe run measures (a VM slice holds about 131,000 opcodes; a window that does not fit is measured in halves). Default 200. */
    windowMs?: number
    /** Where in each millisecond the scan reads the pins. Default 200. */
    phaseUs?: number
}

export interface FirmwareLoad {
    seconds: number
    /** The firmware's opcodes over the window. */
    opcodes: number
    /** Its slices by kind, and the DPC runs among them. */
    slices: { scan: number; timer: number; dpc: number; dpcRuns: number; printer: number }
    /** What the fiber loops cost around each kind of slice (included in `opcodes`). */
    loopOpcodes: { scan: number; timer: number; dpcRun: number; dpcPark: number; printer: number }
}

/** The firmware's pins' levels as the scan reads them, each ms up to `untilMs`, as the probe's 3-byte changes (hex). */
export function stimulusHex(sc: Scenario, untilMs: number, phaseUs: number): string {
    const board = buildBoard(sc)
    const level = new Map<number, number>()
    const holders = new Map<number, number>()
    const toggled = new Map<number, boolean>()
    const idle = (pin: number) => board.bank.pin(pin)?.idleLevel ?? 0
    const changes: { ns: number; pin: number; level: number }[] = []
    const settle = (pin: number, ns: number) => {
        let l = idle(pin)
        if (toggled.get(pin)) l = 1 - l
        if ((holders.get(pin) ?? 0) > 0) l = 1 - l
        if (l !== (level.get(pin) ?? idle(pin))) changes.push({ ns, pin, level: l })
        level.set(pin, l)
    }
    let now = 0
    // The pins as the scan reads them: a change is seen when it is made (the scan's 1 ms dwarfs
    // the input synchroniser's few ns).
    const driver: PinDriver = {
        seenNs: (rawNs: number) => rawNs,
        hold: (pin: number, on: boolean) => {
            holders.set(pin, Math.max(0, (holders.get(pin) ?? 0) + (on ? 1 : -1)))
            settle(pin, now)
        },
        toggle: (pin: number) => {
            toggled.set(pin, !toggled.get(pin))
            settle(pin, now)
        },
    }
    const endNs = untilMs * 1e6
    for (const st of buildStimulus(sc.stimulus, sc.seed, driver)) {
        now = st.firstNs
        while (now !== NEVER && now < endNs) {
            const d = st.act()
            now = d === NEVER ? NEVER : now + d
        }
    }
    changes.sort((a, b) => a.ns - b.ns)
    // What each scan reads: the last level before ms*1e6 + phase, for each pin that changed.
    const bytes: number[] = []
    const seen = new Map<number, number>()
    let c = 0
    const phaseNs = phaseUs * 1000
    for (let ms = 0; ms < untilMs; ms++) {
        const t = ms * 1e6 + phaseNs
        const now: Map<number, number> = new Map()
        while (c < changes.length && changes[c].ns <= t) {
            now.set(changes[c].pin, changes[c].level)
            c++
        }
        for (const [pin, l] of now) {
            if ((seen.get(pin) ?? idle(pin)) === l) continue
            seen.set(pin, l)
            if (pin > 127) throw new Error(`opmeter: GPIO ${pin} does not fit the probe's stimulus format`)
            bytes.push(ms & 0xff, ms >> 8, (pin << 1) | l)
        }
    }
    return Buffer.from(bytes).toString("hex")
}

/** The firmware's opcodes over [fromMs, toMs) of scenario `sc` (a firmware scenario). */
export async function firmwareLoad(sc: Scenario, opts: LoadOptions): Promise<FirmwareLoad> {
    if (sc.app !== "firmware") throw new ProbeError(`firmware load: the scenario runs app '${sc.app}', not the firmware`)
    const hex = stimulusHex(sc, opts.toMs, opts.phaseUs ?? 500)
    const pairOf = (from: number, to: number) =>
        [true, false].map(real => ({ id: "firmware.window", args: `hex\`${hex}\`, ${from}, ${to}, ${real}` }))
    // Windows of windowMs; one whose replay does not fit a VM slice is measured again in halves.
    let windows: [number, number][] = []
    for (let from = opts.fromMs; from < opts.toMs; from += opts.windowMs ?? 200) windows.push([from, Math.min(opts.toMs, from + (opts.windowMs ?? 200))])
    const loopsAsked = loopCosts()
    const runs: Measurement[] = []
    while (windows.length > 0) {
        const got = await measure(windows.flatMap(([from, to]) => pairOf(from, to)), { ...opts, allowSliceFull: true })
        const again: [number, number][] = []
        windows.forEach(([from, to], w) => {
            if (!got[2 * w].sliceFull && !got[2 * w + 1].sliceFull) return void runs.push(got[2 * w], got[2 * w + 1])
            if (to - from < 10) throw new ProbeError(`firmware load: ${to - from} ms from ${from} ms do not fit one VM slice`)
            const mid = from + Math.floor((to - from) / 2)
            again.push([from, mid], [mid, to])
        })
        windows = again
    }
    const loops = await loopsAsked
    let opcodes = 0
    const slices = { scan: 0, timer: 0, dpc: 0, dpcRuns: 0, printer: 0 }
    for (let i = 0; i < runs.length; i += 2) {
        const real = runs[i]
        const driver = runs[i + 1]
        const counts: number[] = real.data.slices
        const n = (k: number) => counts[k] ?? 0
        let dpcRuns = 0
        let dpcParks = 0
        for (let k = K_DPC; k < counts.length; k++) {
            if ((k - K_DPC) % 2 === 0) dpcRuns += n(k)
            else dpcParks += n(k)
        }
        const fired = n(K_SCAN) + n(K_TIMER) + n(K_PRINT) + dpcRuns + dpcParks
        opcodes +=
            real.opcodes - driver.opcodes +
            2 * fired + // the empty slices' returns, which the driver run had
            n(K_SCAN) * loops.scan + n(K_TIMER) * loops.timer + n(K_PRINT) * loops.printer +
            dpcRuns * loops.dpcRun + dpcParks * loops.dpcPark -
            real.data.wakes * loops.steppedResume // a fiber's resume is native on the board
        slices.scan += n(K_SCAN)
        slices.timer += n(K_TIMER)
        slices.printer += n(K_PRINT)
        slices.dpc += dpcRuns + dpcParks
        slices.dpcRuns += dpcRuns
    }
    const { steppedResume, ...loopOpcodes } = loops
    return { seconds: (opts.toMs - opts.fromMs) / 1000, opcodes, slices, loopOpcodes }
}

let loopCostsOnce: ReturnType<typeof measureLoopCosts> | null = null

/** The port's fiber loops' opcodes around their slices, and the stepped fibers' resume (firmware.window's program); read once a process. */
export function loopCosts(): ReturnType<typeof measureLoopCosts> {
    if (loopCostsOnce === null) loopCostsOnce = measureLoopCosts()
    return loopCostsOnce
}

async function measureLoopCosts() {
    const fns = await probeListing("firmware.window", ["scanLoop", "timerLoop", "dpcLoop", "printLoop", "resume"], "hex``, 0, 1, true")
    const fn = (name: string): ListedFunction => {
        const found = fns.filter(f => f.name.startsWith(name + "_F"))
        if (found.length !== 1) throw new ProbeError(`opmeter: the firmware has ${found.length} functions named ${name}`)
        return found[0]
    }
    return {
        scan: loopIteration(fn("scanLoop"), []),
        // The timer and the printer always sleep for a while (the kernel's tick, the next report).
        timer: loopIteration(fn("timerLoop"), [true]),
        printer: loopIteration(fn("printLoop"), [true]),
        dpcRun: loopIteration(fn("dpcLoop"), [false]),
        dpcPark: loopIteration(fn("dpcLoop"), [true]),
        steppedResume: fn("resume").total,
    }
}
