/**
 * CPU interrupt numbers as ESP-IDF's allocator hands them out (esp_hw_support/intr_alloc.c
 * get_available_int, for a non-shared level interrupt): the lowest-numbered CPU interrupt of
 * the requested level still free on that core. The board file lists, per priority and core,
 * the ones a plain application still has after boot, in that order (cpuInterrupts).
 *
 * The number matters because Xtensa's vector code dispatches the most significant pending
 * bit of a level first (see interrupt-controller.ts): which of two equal-priority interrupts
 * runs first depends on the order the firmware allocated them.
 */
export class CpuInterrupts {
    /** Next free index, by priority then core. */
    private used: { [priority: number]: number[] } = {}

    constructor(private table: { priority: number; free: number[][] }[], private board: string) {
        for (const t of table) this.used[t.priority] = t.free.map(() => 0)
    }

    /** The CPU interrupt for a line at `priority` on `core`; `what` names the request in errors. Set-up time. */
    allocate(core: number, priority: number, what: string): number {
        const t = this.table.find(x => x.priority === priority)
        if (t === undefined) throw new Error(`${what}: ${this.board} has no CPU interrupt at priority ${priority} (the board file's interrupt.cpuInterrupts)`)
        const list = t.free[core]
        const i = this.used[priority][core]
        if (i >= list.length)
            throw new Error(`${what}: no free CPU interrupt at priority ${priority} on core ${core} of ${this.board} (all ${list.length} taken; esp_intr_alloc would fail)`)
        this.used[priority][core] = i + 1
        return list[i]
    }
}
