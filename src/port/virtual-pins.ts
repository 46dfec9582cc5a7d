import { Pull } from "../hal/hal"
import { PinDriver } from "./pin-driver"
import { PinHandle } from "./pin-scan"

/** A virtual pin's level, read by the pin scan as a GPIO object's `value` would be. */
class Level implements PinHandle {
    value = 0
}

/**
 * Pins held in memory, for the DeviceScript VM (which has no pins) and its tests. An input starts
 * at its pull level (1 for "up", else 0); `setLevel` is what a test hook changes; writes are kept.
 */
export class VirtualPins implements PinDriver {
    private levels: Level[] = []
    /** Writes per pin, for tests. */
    readonly writes: number[] = []

    constructor(private valid: number[]) {}

    private level(pin: number, what: string): Level {
        const known = this.levels[pin]
        if (known !== undefined && known !== null) return known
        if (this.valid.indexOf(pin) < 0) throw new Error(`${what}: GPIO ${pin} is not a pin of this board`)
        const l = new Level()
        this.levels[pin] = l
        return l
    }

    setupInput(pin: number, pull: Pull): PinHandle {
        const l = this.level(pin, "setupInput")
        l.value = pull === "up" ? 1 : 0
        return l
    }

    /** Sets the level an input reads (test stimulus). */
    setLevel(pin: number, level: number): void {
        if (level !== 0 && level !== 1) throw new Error(`setLevel: GPIO ${pin}: level must be 0 or 1, got ${level}`)
        this.level(pin, "setLevel").value = level
    }

    read(pin: number): number {
        const l = this.levels[pin]
        if (l) return l.value
        return this.level(pin, "read").value
    }

    write(pin: number, level: number): void {
        this.level(pin, "write").value = level ? 1 : 0
        this.writes[pin] = (this.writes[pin] === undefined ? 0 : this.writes[pin]) + 1
    }
}
