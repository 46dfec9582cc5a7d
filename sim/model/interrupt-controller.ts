/**
 * One core's interrupt controller (an NVIC on RP2040; the per-CPU interrupt logic behind the
 * interrupt matrix on ESP32). For each of the board's interrupt lines it keeps whether the
 * peripheral asserts it toward this core, whether it is enabled here, and its priority
 * (0 = most urgent, as on the NVIC).
 *
 * The controller only answers "what should this core take now?": `highest(runningPriority)`
 * returns the asserted, enabled, inactive line with the most urgent priority (ties: the lower
 * IRQ number, as the NVIC does), if it is more urgent than what runs. Taking, nesting and
 * returning are the core's (core.ts). Asserting a line pokes the core through `onAssert`, so
 * the interrupt takes effect at the core's next step, never inside the call that raised it.
 */
export const NO_PRIORITY = Number.POSITIVE_INFINITY

export class InterruptController {
    private asserted: boolean[] = []
    private enabled: boolean[] = []
    private active: boolean[] = []
    private priority: number[] = []
    /** Lines in the order ties are broken (IRQ number), as indices. */
    private order: number[]
    /** Bit i set when line i is asserted, enabled and not in service: `highest` is O(1) when 0. */
    private ready = 0

    /**
     * `irqNumbers[i]` is line i's IRQ number (for tie-breaking); every line starts disabled
     * at `defaultPriority`.
     */
    constructor(readonly core: number, irqNumbers: number[], defaultPriority: number, private onAssert: (core: number) => void) {
        if (irqNumbers.length > 31) throw new Error(`interrupt controller: at most 31 lines, got ${irqNumbers.length}`)
        for (let i = 0; i < irqNumbers.length; i++) {
            this.asserted.push(false)
            this.enabled.push(false)
            this.active.push(false)
            this.priority.push(defaultPriority)
        }
        this.order = irqNumbers.map((_, i) => i).sort((a, b) => irqNumbers[a] - irqNumbers[b] || a - b)
    }

    enable(line: number, priority: number): void {
        this.enabled[line] = true
        this.priority[line] = priority
        this.update(line)
        if (this.asserted[line]) this.onAssert(this.core)
    }

    private update(line: number): void {
        if (this.asserted[line] && this.enabled[line] && !this.active[line]) this.ready |= 1 << line
        else this.ready &= ~(1 << line)
    }

    isEnabled(line: number): boolean {
        return this.enabled[line]
    }

    priorityOf(line: number): number {
        return this.priority[line]
    }

    /** The peripheral's signal toward this core. Pokes the core when it rises on an enabled line. */
    assert(line: number, on: boolean): void {
        if (this.asserted[line] === on) return
        this.asserted[line] = on
        this.update(line)
        if (on && this.enabled[line]) this.onAssert(this.core)
    }

    /** Marks a line in service (it cannot be taken again until it returns). */
    setActive(line: number, on: boolean): void {
        this.active[line] = on
        this.update(line)
    }

    /** The line to take now, or -1: more urgent than `running` (NO_PRIORITY when no ISR runs). */
    highest(running: number): number {
        const ready = this.ready
        if (ready === 0) return -1
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
