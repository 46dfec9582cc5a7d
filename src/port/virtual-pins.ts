import { Pull } from "../hal/hal"
import { PinDriver } from "./pin-driver"

/**
 * Pins held in memory, for the DeviceScript VM (which has no pins) and its tests. An input starts
 * at its pull level (1 for "up", else 0); `setLevel` is what a test hook changes; writes are kept.
 */
export class VirtualPins implements PinDriver {
    private levels: number[] = []
    /** Writes per pin, for tests. */
    readonly writes: number[] = []

    constructor(private valid: number[]) {}

    private check(pin: number, what: string): void {
        if (this.valid.indexOf(pin) < 0) throw new Error(`${what}: GPIO ${pin} is not a pin of this board`)
    }

    setupInput(pin: number, pull: Pull): void {
        this.check(pin, "setupInput")
        this.levels[pin] = pull === "up" ? 1 : 0
    }

    /** Sets the level an input reads (test stimulus). */
    setLevel(pin: number, level: number): void {
        this.check(pin, "setLevel")
        if (level !== 0 && level !== 1) throw new Error(`setLevel: GPIO ${pin}: level must be 0 or 1, got ${level}`)
        this.levels[pin] = level
    }

    read(pin: number): number {
        this.check(pin, "read")
        const v = this.levels[pin]
        return v === undefined ? 0 : v
    }

    write(pin: number, level: number): void {
        this.check(pin, "write")
        this.levels[pin] = level ? 1 : 0
        this.writes[pin] = (this.writes[pin] === undefined ? 0 : this.writes[pin]) + 1
    }
}
