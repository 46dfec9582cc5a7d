import { InputError } from "../input-error"
import { loadScenario } from "../scenario/load"
import { buildBoard } from "../run"

/**
 * `dpc-sim validate FILE`: checks a scenario as `run` would (schema, board, names, and that its
 * application sets up on the board) without running it.
 */
export function validateCommand(files: string[]): number {
    if (files.length === 0) throw new InputError("dpc-sim validate", "", "needs a scenario file (dpc-sim validate SCENARIO.json)")
    for (const file of files) {
        const sc = loadScenario(file)
        const board = buildBoard(sc)
        const what =
            sc.app === "firmware"
                ? `the firmware app, ${board.kernel.dpcs.length} DPCs`
                : `${sc.sources.length} source${sc.sources.length === 1 ? "" : "s"}, ${sc.dpcs.length} DPC${sc.dpcs.length === 1 ? "" : "s"}`
        console.log(`${file}: ok (board ${sc.board.id}, policy ${sc.policy}, ${what}, ${sc.stimulus.length} stimulus item${sc.stimulus.length === 1 ? "" : "s"}, ${sc.durationNs / 1e6} ms)`)
    }
    return 0
}
