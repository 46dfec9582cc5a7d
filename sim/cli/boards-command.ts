import { boardIds, loadBoard, pinRanges } from "../board-spec"
import { CommandSpec } from "./args"

export const BOARDS_COMMAND: CommandSpec = {
    name: "dpc-sim boards",
    usage: "",
    summary: "list the boards in boards/ (id, cores, clock, GPIOs, interrupt routing, alarms)",
    positionals: { min: 0, max: 0, what: "arguments" },
    options: {},
    examples: ["dpc-sim boards"],
}

/** `dpc-sim boards`: the boards in boards/, one line each. */
export function boardsCommand(): number {
    const rows = [["id", "board", "cores", "clock", "GPIOs", "GPIO interrupt", "alarms"]]
    for (const id of boardIds()) {
        const b = loadBoard(id)
        rows.push([
            b.id,
            b.name,
            `${b.cores}`,
            `${b.clockHz / 1e6} MHz`,
            pinRanges(b.gpio.pins),
            `${b.gpio.irq.name} (${b.gpio.routing})`,
            b.alarms.map(a => a.name).join(" "),
        ])
    }
    const w = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)))
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i])).join("  ").trimEnd())
    return 0
}
