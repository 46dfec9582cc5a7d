/**
 * Reads a board file (`boards/<id>.board.json`, already parsed) into a BoardSpec. No host imports,
 * so any Node host can use it (the DeviceScript build tool does; the simulator may); DeviceScript
 * itself never runs it: the build tool writes the result into the program (board-spec.ts).
 *
 * The parts read:
 *   - DeviceScript's own keys: `devName`, `archId`, `pins` (label -> GPIO), `led.pin`;
 *   - `wiring`: the firmware's pin roles (`{"button": 14, ...}`);
 *   - `hardware`: cores, clock, GPIO numbers and bank interrupt, timer alarms.
 *
 * Every error names the file and the JSON path: `boards/x.board.json: hardware.cores: ...`.
 */
import { BoardWiring } from "./hal"
import { BoardSpec } from "./board-spec"

export type { BoardSpec } from "./board-spec"

const MAX_CORES = 16

function fail(file: string, path: string, why: string): never {
    throw new Error(`${file}: ${path}: ${why}`)
}

function objectAt(file: string, json: any, path: string): any {
    let v = json
    const parts = path.split(".")
    for (let i = 0; i < parts.length; i++) {
        if (v === null || typeof v !== "object") fail(file, parts.slice(0, i).join(".") || "(top)", "must be an object")
        v = v[parts[i]]
    }
    return v
}

function wholeAt(file: string, json: any, path: string, min: number, max: number): number {
    const v = objectAt(file, json, path)
    if (typeof v !== "number" || Math.floor(v) !== v || v < min || v > max)
        fail(file, path, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`)
    return v
}

function textAt(file: string, json: any, path: string): string {
    const v = objectAt(file, json, path)
    if (typeof v !== "string" || v.length === 0) fail(file, path, `must be a non-empty string, got ${JSON.stringify(v)}`)
    return v
}

/** A pin given as a GPIO number or as a label of `pins` (`"P48"`, `"GP25"`). */
function pinOf(file: string, path: string, v: any, labels: any): number {
    if (typeof v === "number" && Math.floor(v) === v && v >= 0) return v
    if (typeof v === "string" && labels && typeof labels[v] === "number") return labels[v]
    return fail(file, path, `must be a GPIO number or a label of 'pins', got ${JSON.stringify(v)}`)
}

/**
 * Reads board `id` from its parsed JSON. `file` is the name errors cite. Throws on anything the
 * hosts cannot use; checks that every wiring pin is a GPIO of the chip and is exposed to
 * DeviceScript programs (listed in `pins`).
 */
export function boardSpecFromJson(id: string, json: any, file: string): BoardSpec {
    if (json === null || typeof json !== "object" || Array.isArray(json)) fail(file, "(top)", "must be a JSON object")
    const name = textAt(file, json, "devName")
    const archId = textAt(file, json, "archId")
    const hw = json.hardware
    if (hw === null || typeof hw !== "object") fail(file, "hardware", "is missing (the simulator's facts about the board)")
    const cores = wholeAt(file, json, "hardware.cores", 1, MAX_CORES)
    const clockHz = wholeAt(file, json, "hardware.clockHz", 1, 1e10)

    const pinList = objectAt(file, json, "hardware.gpio.pins")
    if (!Array.isArray(pinList) || pinList.length === 0) fail(file, "hardware.gpio.pins", "must be a non-empty array of GPIO numbers")
    const pins: number[] = []
    for (let i = 0; i < pinList.length; i++) pins.push(wholeAt(file, json, `hardware.gpio.pins.${i}`, 0, 255))
    const gpioIrq = textAt(file, json, "hardware.gpio.irq.name")

    const alarmList = objectAt(file, json, "hardware.alarms")
    if (!Array.isArray(alarmList) || alarmList.length === 0) fail(file, "hardware.alarms", "must be a non-empty array")
    const alarmIrqs: string[] = []
    for (let i = 0; i < alarmList.length; i++) alarmIrqs.push(textAt(file, json, `hardware.alarms.${i}.name`))

    const labels = json.pins
    if (labels === null || typeof labels !== "object") fail(file, "pins", "must be an object of label -> GPIO number")
    const exposedPins: number[] = []
    for (const label of Object.keys(labels)) {
        const g = labels[label]
        if (typeof g !== "number" || Math.floor(g) !== g || g < 0) fail(file, `pins.${label}`, `must be a GPIO number, got ${JSON.stringify(g)}`)
        exposedPins.push(g)
    }
    let ledPin = -1
    if (json.led !== undefined && json.led !== null) ledPin = pinOf(file, "led.pin", json.led.pin, labels)

    // The runtime keeps for itself the pins its configuration gives a function (LED, log UART,
    // built-in services): `ds.gpio()` refuses them.
    const taken: number[] = []
    if (ledPin >= 0) taken.push(ledPin)
    if (json.log && json.log.pinTX !== undefined) taken.push(pinOf(file, "log.pinTX", json.log.pinTX, labels))
    const services = Array.isArray(json.$services) ? json.$services : []
    for (let i = 0; i < services.length; i++)
        for (const key of Object.keys(services[i] || {}))
            if (key.startsWith("pin")) taken.push(pinOf(file, `$services.${i}.${key}`, services[i][key], labels))
    for (let i = exposedPins.length - 1; i >= 0; i--) if (taken.indexOf(exposedPins[i]) >= 0) exposedPins.splice(i, 1)
    exposedPins.sort((a, b) => a - b)

    let wiring: BoardWiring | undefined
    if (json.wiring !== undefined) {
        const w = json.wiring
        if (w === null || typeof w !== "object" || Array.isArray(w)) fail(file, "wiring", "must be an object of role -> GPIO number")
        wiring = {}
        for (const role of Object.keys(w)) {
            const g = w[role]
            const path = `wiring.${role}`
            if (typeof g !== "number" || Math.floor(g) !== g) fail(file, path, `must be a GPIO number, got ${JSON.stringify(g)}`)
            if (pins.indexOf(g) < 0) fail(file, path, `GPIO ${g} is not a pin of the chip (hardware.gpio.pins)`)
            if (exposedPins.indexOf(g) < 0)
                fail(file, path, `GPIO ${g} is not usable by DeviceScript programs (not in 'pins', or taken by the LED, the log or a service)`)
            wiring[role] = g
        }
    }

    const info: BoardSpec = { id, name, cores, clockHz, pins, alarms: alarmIrqs.length, ledPin, archId, gpioIrq, alarmIrqs, exposedPins }
    if (wiring !== undefined) info.wiring = wiring
    return info
}
