/**
 * One core's interrupt controller (an NVIC on RP2040; the per-CPU interrupt logic behind the
 * interrupt matrix on ESP32). For each of the board's interrupt lines it keeps whether the
 * peripheral asserts it toward this core, whether it is enabled here, and its priority
 * (0 = most urgent, as on the NVIC).
 *
 * The controller only answers "what should this core take now?": `highest(runningPriority)`
 * returns the asserted, enabled, inactive line with the most urgent priority, if it is more
 * urgent than what runs. Ties go by the line's number: the lower IRQ number first on the NVIC
 * (ARMv6-M: lowest exception number), the higher CPU interrupt number first on Xtensa (ESP-IDF
 * xtensa_vectors.S dispatch_c_isr takes the most significant pending bit), where the number is
 * the CPU interrupt the SDK's allocator gave the line (`setNumber`). Taking, nesting and
 * returning are the core's (core.ts). Asserting a line pokes the connected core, so the
 * interrupt takes effect at the core's next step, never inside the call that raised it.
 */
export const NO_PRIORITY = Number.POSITIVE_INFINITY

/** What the controller wakes when a line rises: its core. */
export interface InterruptTarget {
    poke(): void
}

export class InterruptController {
    // Bit i of each mask is line i.
    private asserted = 0
    private enabled = 0
    private active = 0
    /** Asserted, enabled and not in service: `highest` is O(1) when 0. */
    private ready = 0
    private priority: number[] = []
    /** Lines in the order ties are broken (see the file comment), as indices. */
    private order: number[] = []
    private numbers: number[]
    private target: InterruptTarget | null = null

    /**
     * `numbers[i]` is line i's number for tie-breaking (IRQ number, or CPU interrupt number once
     * allocated); `highestNumberFirst` breaks ties toward the higher number. Every line starts
     * disabled at `defaultPriority`.
     */
    constructor(readonly core: number, numbers: number[], defaultPriority: number, private highestNumberFirst = false) {
        if (numbers.length > 31) throw new Error(`interrupt controller: at most 31 lines, got ${numbers.length}`)
        for (let i = 0; i < numbers.length; i++) this.priority.push(defaultPriority)
        this.numbers = numbers.slice()
        this.sortOrder()
    }

    private sortOrder(): void {
        const n = this.numbers
        const sign = this.highestNumberFirst ? -1 : 1
        this.order = n.map((_, i) => i).sort((a, b) => sign * (n[a] - n[b]) || a - b)
    }

    /** Gives line `line` the number ties are broken by (a CPU interrupt the SDK allocated). Set-up time. */
    setNumber(line: number, number: number): void {
        this.numbers[line] = number
        this.sortOrder()
    }

    numberOf(line: number): number {
        return this.numbers[line]
    }

    /** The core this controller interrupts (until then a rising line only sets `ready`). */
    connect(target: InterruptTarget): void {
        this.target = target
    }

    enable(line: number, priority: number): void {
        this.enabled |= 1 << line
        this.priority[line] = priority
        this.update()
        if ((this.asserted & (1 << line)) !== 0) this.poke()
    }

    private update(): void {
        this.ready = this.asserted & this.enabled & ~this.active
    }

    private poke(): void {
        if (this.target !== null) this.target.poke()
    }

    isEnabled(line: number): boolean {
        return (this.enabled & (1 << line)) !== 0
    }

    priorityOf(line: number): number {
        return this.priority[line]
    }

    /** The peripheral's signal toward this core. Pokes the core when it rises on an enabled line. */
    assert(line: number, on: boolean): void {
        const bit = 1 << line
        if (on) {
            if ((this.asserted & bit) !== 0) return
            this.asserted |= bit
            this.update()
            if ((this.enabled & bit) !== 0) this.poke()
        } else if ((this.asserted & bit) !== 0) {
            this.asserted &= ~bit
            this.update()
        }
    }

    /** Marks a line in service (it cannot be taken again until it returns). */
    setActive(line: number, on: boolean): void {
        if (on) this.active |= 1 << line
        else this.active &= ~(1 << line)
        this.update()
    }

    /** The line to take now, or -1: more urgent than `running` (NO_PRIORITY when no ISR runs). */
    highest(running: number): number {
        const ready = this.ready
        return ready === 0 ? -1 : this.best(ready, running)
    }

    /**
     * The line to take when the ISR of `line` returns to code running at `running`: as
     * `highest`, with `line` no longer in service (it may be taken again). For tail-chaining.
     */
    highestOnReturn(line: number, running: number): number {
        const ready = this.ready | (this.asserted & this.enabled & (1 << line))
        return ready === 0 ? -1 : this.best(ready, running)
    }

    /** `highest` over the lines of `ready` (not 0). */
    private best(ready: number, running: number): number {
        if ((ready & (ready - 1)) === 0) {
            // One line ready (the usual case): no tie to break.
            const i = 31 - Math.clz32(ready)
            return this.priority[i] < running ? i : -1
        }
        let best = -1
        let bestPrio = running
        const order = this.order
        for (let k = 0; k < order.length; k++) {
            const i = order[k]
            if ((ready & (1 << i)) !== 0 && this.priority[i] < bestPrio) {
                best = i
                bestPrio = this.priority[i]
            }
        }
        return best
    }
}
