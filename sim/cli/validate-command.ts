import { InputError } from "../input-error"
import { loadScenario } from "../scenario/load"
import { buildBoard } from "../run"
import { CommandSpec } from "./args"

export const VALIDATE_COMMAND: CommandSpec = {
    name: "dpc-sim validate",
    usage: "FILE...",
    summary: "check scenario files without running them (every file; exit 2 if any is bad)",
    positionals: { min: 1, max: Infinity, what: "a scenario file" },
    options: {},
    examples: ["dpc-sim validate scenarios/default.json scenarios/storm.json"],
}

/**
 * `dpc-sim validate FILE...`: checks each scenario as `run` would (schema, board, names, and
 * that its application sets up on the board) without running it. Every file is checked: one
 * line each, `ok` on stdout or the error on stderr; exit 2 when any failed.
 */
export function validateCommand(files: string[]): number {
    let failed = 0
    for (const file of files) {
        try {
            const sc = loadScenario(file)
            const board = buildBoard(sc)
            const what =
                sc.app === "firmware"
                    ? `the firmware app, ${board.kernel.dpcs.length} DPCs`
                    : `${sc.sources.length} source${sc.sources.length === 1 ? "" : "s"}, ${sc.dpcs.length} DPC${sc.dpcs.length === 1 ? "" : "s"}`
            console.log(`${file}: ok (board ${sc.board.id}, policy ${sc.policy}, ${what}, ${sc.stimulus.length} stimulus item${sc.stimulus.length === 1 ? "" : "s"}, ${sc.durationNs / 1e6} ms)`)
        } catch (e) {
            if (!(e instanceof InputError)) throw e
            process.stderr.write(`dpc-sim: ${e.message}\n`)
            failed++
        }
    }
    if (failed > 0 && files.length > 1) process.stderr.write(`dpc-sim: ${failed} of ${files.length} files failed\n`)
    return failed > 0 ? 2 : 0
}
