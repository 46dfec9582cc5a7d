/**
 * Flashes the DeviceScript runtime for a board of boards/:
 *
 *     node dist/tools/devs-flash.js [esp32 | rp2040] --board ID [devs flash options...]
 *
 * `devs flash --board ID` patches the runtime with the board file turned into the runtime's
 * configuration (DCFG), whose keys are at most 15 bytes: the simulator's `hardware` section
 * (`hardware.clockHz`...) does not fit and makes it fail ("dcfg key too long"). This tool runs
 * `devs flash` in `.devicescript/flash/` on a copy of the board file without the keys only this
 * project reads (`hardware`, `wiring`), so boards/ stays the one source for both. Every other
 * argument goes to `devs flash` as it is; `--dry-run` prints the command instead of running it.
 *
 * Exit codes: what `devs flash` returns; 2 bad arguments or a bad board file (one line).
 */
import { spawnSync } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { loadBoard } from "../sim/board-spec"
import { CommandSpec, commandHelp, parseCommand } from "../sim/cli/args"
import { EXIT, runTool } from "../sim/cli/tool"
import { InputError } from "../sim/input-error"
import { parseJsonFile } from "../sim/json-file"

const root = join(__dirname, "..", "..")
const devs = join(root, "node_modules", ".bin", process.platform === "win32" ? "devs.cmd" : "devs")
/** Top-level keys of a board file that only this project reads. */
export const PROJECT_KEYS = ["hardware", "wiring"]

export const FLASH_COMMAND: CommandSpec = {
    name: "devs-flash",
    usage: "--board ID [esp32 | rp2040] [devs flash options...]",
    summary: "flash the DeviceScript runtime for a board of boards/ (devs flash on the board file without this project's keys)",
    positionals: { min: 0, max: Infinity, what: "devs flash arguments" },
    options: {
        board: { kind: "string", value: "ID", help: "board id (boards/ID.board.json), required" },
        "dry-run": { kind: "boolean", help: "print the devs flash command and where it runs, and do not run it" },
    },
    examples: ["npm run flash -- --board rp2040 --dry-run", "npm run flash -- esp32 --board esp32s3 --port /dev/ttyUSB0 --dry-run"],
    notes: "Other arguments go to `devs flash` unchanged (`npx devs flash --help` lists them). Pico: hold BOOTSEL\nwhile plugging it in; ESP32 family: needs esptool. Exit codes: devs flash's own; 2 bad arguments.",
    passThrough: true,
}

/** The board file as DeviceScript's flasher needs it. */
export function runtimeBoardJson(json: { [key: string]: unknown }): { [key: string]: unknown } {
    const out: { [key: string]: unknown } = {}
    for (const k of Object.keys(json)) if (PROJECT_KEYS.indexOf(k) < 0) out[k] = json[k]
    return out
}

function main(argv: string[]): number {
    const a = parseCommand(argv, FLASH_COMMAND)
    if (a.help) {
        process.stdout.write(commandHelp(FLASH_COMMAND))
        return EXIT.ok
    }
    const id = a.options.board as string | undefined
    if (id === undefined) throw new InputError("--board", "", "is required: the board to flash (dpc-sim boards lists them)")
    const board = loadBoard(id, { file: "--board", path: "" }) // checked as the simulator and devs-build read it
    const json = parseJsonFile(board.path, board.file) as { [key: string]: unknown }
    const dir = join(root, ".devicescript", "flash")
    const args = ["flash", ...argv.filter(x => x !== "--dry-run")]
    if (a.options["dry-run"]) {
        console.log(`in ${dir}: devs ${args.join(" ")}`)
        return EXIT.ok
    }
    mkdirSync(join(dir, "boards"), { recursive: true })
    writeFileSync(join(dir, "devsconfig.json"), "{}\n")
    writeFileSync(join(dir, "boards", `${board.id}.board.json`), JSON.stringify(runtimeBoardJson(json), null, 4) + "\n")
    const r = spawnSync(devs, args, { cwd: dir, stdio: "inherit" })
    return r.status ?? EXIT.failed
}

if (require.main === module) runTool("devs-flash", main)
