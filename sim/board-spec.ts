/**
 * Board descriptions for the simulator, read from the same board files `devs build` uses
 * (boards/<id>.board.json): the `hardware` section, checked against schema/board.schema.json,
 * and what apps see of the board (BoardInfo: cores, pins, LED, wiring), read by the same
 * `boardSpecFromJson` the DeviceScript build uses, so both hosts read a board alike.
 */
import { existsSync, readdirSync } from "node:fs"
import { basename, join, resolve } from "node:path"
import { BOARDS_DIR } from "./paths"
import { BoardSpec as DeviceBoardSpec, boardSpecFromJson } from "../src/hal/board-file"
import { InputError } from "./input-error"
import { SchemaValidator } from "./schema/validate"
import { parseJsonFile } from "./json-file"

export interface IrqSpec {
    name: string
    number: number
}

/** Back-to-back interrupts without a full exit and entry (hardware.interrupt.tailChain). */
export interface TailChainSpec {
    cycles: number
    /** any: whatever pending is more urgent than the code returned to (Cortex-M); same-priority: only the finished one's level (a dispatch loop). */
    scope: "any" | "same-priority"
    /** A more urgent interrupt arriving during another's entry takes that entry over. */
    lateArrival: boolean
}

/** The native host's costs (hardware.native): the SDK's handlers and the RTOS, in cycles. */
export interface NativeSpec {
    gpioIsr: { dispatchCycles: number; eventCycles: number; ackCycles: number }
    alarmIsr: { dispatchCycles: number; rearmCycles: number }
    localWakeCycles: number
    threadSwitchCycles: number
    /** The other core's cross-core interrupt handler; null on single-core boards. */
    crossCoreWake: { irq: string; handlerCycles: number } | null
}

/** The DeviceScript runtime on the board (hardware.devicescript). */
export interface DeviceScriptSpec {
    /** The core the one VM runs on. */
    vmCore: number
    /** The runtime's finest wake-up, ms. */
    wakeMs: number
    /** ns per VM opcode: plain code, kernel-like code. */
    opcodeNs: { plain: number; kernel: number }
    /** Log bytes drained per return to the runtime's main loop. */
    logBytesPerPass: number
    /** The log's ring buffer: more waiting than this overwrites the oldest lines. */
    logBufferBytes: number
    heapBytes: number
}

export interface SimBoardSpec {
    /** Board id: the file name without `.board.json`. */
    id: string
    /** The board file as messages name it (`boards/rp2040.board.json`). */
    file: string
    /** The board file's absolute path. */
    path: string
    /** What apps see (BoardInfo) and the DeviceScript build reads: the same object on both hosts. */
    device: DeviceBoardSpec
    name: string
    chip: string
    cpu: string
    cores: number
    clockHz: number
    gpio: {
        pins: number[]
        irq: IrqSpec
        routing: "per-core" | "matrix"
        /** per-edge: a latch per edge kind (RP2040); per-pin: one status bit per pin (ESP32 family). */
        latch: "per-edge" | "per-pin"
        /** The input synchroniser: sampling clock and flip-flop stages. */
        inputSync: { clockHz: number; stages: number }
    }
    alarms: IrqSpec[]
    alarmResolutionNs: number
    interrupt: {
        controller: string
        entryCycles: number
        exitCycles: number
        priorityLevels: number
        defaultPriority: number
        /** Equal priorities: lower IRQ number first, or higher CPU interrupt number first (allocated at run time). */
        dispatchOrder: "lowest-number" | "highest-cpu-interrupt"
        /** For highest-cpu-interrupt: per priority, the free CPU interrupt numbers of each core in allocation order. */
        cpuInterrupts: { priority: number; free: number[][] }[]
        tailChain: TailChainSpec | null
    }
    native: NativeSpec
    devicescript: DeviceScriptSpec
    uart: { name: string; baud: number; txPin: number; bufferBytes: number }
    /** On-board LED pin, or -1. */
    ledPin: number
    /** Firmware pin roles (button, tach, ...) from the board file's `wiring`, if any. */
    wiring: { [role: string]: number }
    sources: string[]
}

const SUFFIX = ".board.json"
const DEFAULT_UART_BUFFER = 4096

let validator: SchemaValidator | null = null
function boardValidator(): SchemaValidator {
    if (validator === null) validator = new SchemaValidator("board.schema.json")
    return validator
}

/** Ids of the boards in boards/, sorted. */
export function boardIds(dir = BOARDS_DIR): string[] {
    return readdirSync(dir)
        .filter(f => f.endsWith(SUFFIX))
        .map(f => f.slice(0, -SUFFIX.length))
        .sort()
}

/**
 * Loads a board by id (a file in boards/) or by path. `from` names the file and JSON path that
 * asked for it, for the error when there is no such board.
 */
export function loadBoard(idOrPath: string, from?: { file: string; path: string }): SimBoardSpec {
    const looksLikePath = idOrPath.includes("/") || idOrPath.endsWith(".json")
    const file = looksLikePath ? resolve(idOrPath) : join(BOARDS_DIR, idOrPath + SUFFIX)
    if (!existsSync(file)) {
        const reason = looksLikePath
            ? `board file ${idOrPath} does not exist`
            : `unknown board '${idOrPath}' (known: ${boardIds().join(", ")}; or give a path to a board file)`
        if (from) throw new InputError(from.file, from.path, reason)
        throw new InputError(idOrPath, "", reason)
    }
    const shown = looksLikePath ? idOrPath : join("boards", idOrPath + SUFFIX)
    const raw = parseJsonFile(file, shown) as any
    const err = boardValidator().validate(raw)
    if (err) throw new InputError(shown, err.path, err.reason)
    const hw = raw.hardware
    const intr = hw.interrupt
    if (intr.defaultPriority >= intr.priorityLevels)
        throw new InputError(shown, "hardware.interrupt.defaultPriority", `must be below priorityLevels (${intr.priorityLevels})`)
    checkCpuInterrupts(shown, intr, hw.cores)
    if (hw.devicescript.vmCore >= hw.cores)
        throw new InputError(shown, "hardware.devicescript.vmCore", `must be below the board's ${hw.cores} cores`)
    if (hw.cores > 1 && hw.native.crossCoreWake === undefined)
        throw new InputError(shown, "hardware.native", `missing required key 'crossCoreWake' (the board has ${hw.cores} cores)`)
    const id = basename(file).endsWith(SUFFIX) ? basename(file).slice(0, -SUFFIX.length) : basename(file, ".json")
    let device: DeviceBoardSpec
    try {
        device = boardSpecFromJson(id, raw, shown)
    } catch (e: any) {
        const msg = String(e?.message ?? e)
        throw new InputError(shown, "", msg.startsWith(shown + ": ") ? msg.slice(shown.length + 2) : msg)
    }
    return {
        id,
        file: shown,
        path: file,
        device,
        name: device.name,
        chip: hw.chip,
        cpu: hw.cpu ?? hw.chip,
        cores: hw.cores,
        clockHz: hw.clockHz,
        gpio: {
            pins: [...hw.gpio.pins].sort((a: number, b: number) => a - b),
            irq: hw.gpio.irq,
            routing: hw.gpio.routing,
            latch: hw.gpio.latch,
            inputSync: { clockHz: hw.gpio.inputSync.clockHz, stages: hw.gpio.inputSync.stages },
        },
        alarms: hw.alarms,
        alarmResolutionNs: hw.alarmResolutionNs,
        interrupt: {
            controller: intr.controller,
            entryCycles: intr.entryCycles,
            exitCycles: intr.exitCycles,
            priorityLevels: intr.priorityLevels,
            defaultPriority: intr.defaultPriority,
            dispatchOrder: intr.dispatchOrder,
            cpuInterrupts: (intr.cpuInterrupts ?? []).map((c: any) => ({ priority: c.priority, free: c.free.map((l: number[]) => [...l]) })),
            tailChain: intr.tailChain === undefined ? null : { cycles: intr.tailChain.cycles, scope: intr.tailChain.scope, lateArrival: intr.tailChain.lateArrival },
        },
        native: nativeOf(hw.native),
        devicescript: {
            vmCore: hw.devicescript.vmCore,
            wakeMs: hw.devicescript.wakeMs,
            opcodeNs: { plain: hw.devicescript.opcodeNs.plain, kernel: hw.devicescript.opcodeNs.kernel },
            logBytesPerPass: hw.devicescript.logBytesPerPass,
            logBufferBytes: hw.devicescript.logBufferBytes,
            heapBytes: hw.devicescript.heapBytes,
        },
        uart: { name: hw.uart.name, baud: hw.uart.baud, txPin: hw.uart.txPin, bufferBytes: hw.uart.bufferBytes ?? DEFAULT_UART_BUFFER },
        ledPin: device.ledPin,
        wiring: { ...(device.wiring ?? {}) },
        sources: hw.sources,
    }
}

/** What a schema cannot say about hardware.interrupt.cpuInterrupts: when it is needed, and its shape. */
function checkCpuInterrupts(file: string, intr: any, cores: number): void {
    const at = "hardware.interrupt.cpuInterrupts"
    if (intr.dispatchOrder !== "highest-cpu-interrupt") {
        if (intr.cpuInterrupts !== undefined) throw new InputError(file, at, "applies to dispatchOrder highest-cpu-interrupt only")
        return
    }
    if (intr.cpuInterrupts === undefined) throw new InputError(file, "hardware.interrupt", "missing required key 'cpuInterrupts' (dispatchOrder highest-cpu-interrupt)")
    const seen = new Set<number>()
    intr.cpuInterrupts.forEach((c: any, i: number) => {
        if (c.priority >= intr.priorityLevels) throw new InputError(file, `${at}[${i}].priority`, `must be below priorityLevels (${intr.priorityLevels})`)
        if (seen.has(c.priority)) throw new InputError(file, `${at}[${i}].priority`, `priority ${c.priority} is listed twice`)
        seen.add(c.priority)
        if (c.free.length !== cores) throw new InputError(file, `${at}[${i}].free`, `needs one list per core (${cores}), got ${c.free.length}`)
    })
}

function nativeOf(n: any): NativeSpec {
    return {
        gpioIsr: { dispatchCycles: n.gpioIsr.dispatchCycles, eventCycles: n.gpioIsr.eventCycles, ackCycles: n.gpioIsr.ackCycles },
        alarmIsr: { dispatchCycles: n.alarmIsr.dispatchCycles, rearmCycles: n.alarmIsr.rearmCycles },
        localWakeCycles: n.localWakeCycles,
        threadSwitchCycles: n.threadSwitchCycles,
        crossCoreWake: n.crossCoreWake === undefined ? null : { irq: n.crossCoreWake.irq, handlerCycles: n.crossCoreWake.handlerCycles },
    }
}

/** "0-29" or "0-19, 21-23, 25-27, 32-39": a sorted pin list as ranges. */
export function pinRanges(pins: number[]): string {
    const out: string[] = []
    for (let i = 0; i < pins.length; ) {
        let j = i
        while (j + 1 < pins.length && pins[j + 1] === pins[j] + 1) j++
        out.push(i === j ? `${pins[i]}` : `${pins[i]}-${pins[j]}`)
        i = j + 1
    }
    return out.join(", ")
}
