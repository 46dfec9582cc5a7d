import assert from "node:assert/strict"
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { boardSpecFromJson } from "../../src/hal/board-file"
import { FIRMWARE_ROLES } from "../../src/app/firmware"
import { loadBoard as loadSimBoard } from "../../sim/board-spec"

const loadBoard = (id: string) => loadSimBoard(id).device
import { generatedSource } from "../../tools/devs-build"
import { runtimeBoardJson } from "../../tools/devs-flash"

const ids = readdirSync(join(__dirname, "..", "..", "..", "boards"))
    .filter(f => f.endsWith(".board.json"))
    .map(f => f.slice(0, -".board.json".length))
    .sort()

describe("board files", () => {
    it("are the four boards", () => {
        assert.deepEqual(ids, ["esp32", "esp32c3", "esp32s3", "rp2040"])
    })

    for (const id of ids) {
        it(`${id}: reads, and wires every firmware role to an exposed GPIO`, () => {
            const b = loadBoard(id)
            assert.equal(b.id, id)
            assert.equal(b.archId, id)
            assert.ok(b.cores === 1 || b.cores === 2)
            assert.ok(b.alarms >= 2)
            const pins = FIRMWARE_ROLES.map(role => b.wiring![role])
            for (const p of pins) {
                assert.ok(b.pins.includes(p), `${id}: GPIO ${p} on the chip`)
                assert.ok(b.exposedPins.includes(p), `${id}: GPIO ${p} exposed to DeviceScript`)
            }
            assert.equal(new Set(pins).size, pins.length, `${id}: one GPIO per role`)
        })
    }

    it("rp2040 reads as the firmware expects", () => {
        const b = loadBoard("rp2040")
        assert.deepEqual(
            { cores: b.cores, clockHz: b.clockHz, gpioIrq: b.gpioIrq, alarmIrqs: b.alarmIrqs, ledPin: b.ledPin, wiring: b.wiring },
            {
                cores: 2,
                clockHz: 125000000,
                gpioIrq: "IO_IRQ_BANK0",
                alarmIrqs: ["TIMER_IRQ_0", "TIMER_IRQ_1", "TIMER_IRQ_2", "TIMER_IRQ_3"],
                ledPin: 25,
                wiring: { button: 14, tach: 15, sense: 26, led: 16 },
            }
        )
        assert.equal(loadBoard("esp32s3").ledPin, 48) // "P48", a label of `pins`
        assert.ok(!loadBoard("esp32s3").exposedPins.includes(48)) // the runtime drives the LED
        assert.ok(!loadBoard("esp32c3").exposedPins.includes(9)) // the BOOT button service
    })

    it("errors name the file and the JSON path", () => {
        const good = JSON.parse(JSON.stringify(require("../../../boards/rp2040.board.json")))
        const bad = (mutate: (j: any) => void) => {
            const j = JSON.parse(JSON.stringify(good))
            mutate(j)
            try {
                boardSpecFromJson("x", j, "boards/x.board.json")
            } catch (e) {
                return (e as Error).message
            }
            return "no error"
        }
        assert.equal(bad(j => (j.hardware.cores = 0)), "boards/x.board.json: hardware.cores: must be a whole number from 1 to 16, got 0")
        assert.equal(bad(j => (j.wiring.button = 40)), "boards/x.board.json: wiring.button: GPIO 40 is not a pin of the chip (hardware.gpio.pins)")
        assert.equal(bad(j => (j.wiring.led = 25)), "boards/x.board.json: wiring.led: GPIO 25 is not usable by DeviceScript programs (not in 'pins', or taken by the LED, the log or a service)")
        assert.equal(bad(j => (j.wiring.led = 0)), "boards/x.board.json: wiring.led: GPIO 0 is not usable by DeviceScript programs (not in 'pins', or taken by the LED, the log or a service)")
        assert.equal(bad(j => delete j.hardware), "boards/x.board.json: hardware: is missing (the simulator's facts about the board)")
        assert.equal(bad(j => (j.hardware.alarms[1].name = "")), 'boards/x.board.json: hardware.alarms.1.name: must be a non-empty string, got ""')
    })

    it("what `npm run flash` gives DeviceScript fits its configuration format (keys <= 15 bytes)", () => {
        // The flattening of DeviceScript's jsonToDcfg: `a.b` for objects, one byte per array
        // index, `$`/`#` keys skipped, top-level `services` unprefixed.
        const keys = (v: unknown, key: string, out: string[]) => {
            if (Array.isArray(v)) v.forEach((x, i) => x !== null && keys(x, key + String.fromCharCode(128 + i), out))
            else if (v !== null && typeof v === "object")
                for (const k of Object.keys(v)) {
                    if (k.startsWith("$") || k.startsWith("#")) continue
                    const suff = !key && k === "services" ? "" : k
                    keys((v as any)[k], key + (suff && key && key.charCodeAt(key.length - 1) < 128 ? "." : "") + suff, out)
                }
            else out.push(key)
        }
        for (const id of ids) {
            const json = require(`../../../boards/${id}.board.json`)
            const all: string[] = []
            keys(json, "", all)
            assert.ok(all.some(k => Buffer.byteLength(k) > 15), `${id}: the full file does not fit (why the tool strips keys)`)
            const flat: string[] = []
            keys(runtimeBoardJson(json), "", flat)
            const long = flat.filter(k => Buffer.byteLength(k) > 15)
            assert.deepEqual(long, [], `${id}: keys too long for DeviceScript's DCFG`)
            assert.ok(flat.includes("devName") && flat.includes("archId"))
        }
    })

    it("the generated DeviceScript module imports the board and holds its spec", () => {
        const src = generatedSource(loadBoard("esp32c3"))
        assert.match(src, /^import "@dsboard\/esp32c3"$/m)
        assert.match(src, /"archId":"esp32c3"/)
        assert.match(src, /"wiring":\{"button":4,"tach":5,"sense":6,"led":7\}/)
    })
})
