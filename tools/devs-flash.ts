/**
 * Flashes the DeviceScript runtime for a board of boards/:
 *
 *     node dist/tools/devs-flash.js --board ID [devs flash options...]
 *
 * `devs flash --board ID` patches the runtime with the board file turned into the runtime's
 * configuration (DCFG), whose keys are at most 15 bytes: the simulator's `hardware` section
 * (`hardware.clockHz`...) does not fit and makes it fail ("dcfg key too long"). This tool runs
 * `devs flash` in `.devicescript/flash/` on a copy of the board file without the keys only this
 * project reads (`hardware`, `wiring`), so boards/ stays the one source for both.
 */
import { spawnSync } from "node:child_process"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const root = join(__dirname, "..", "..")
const devs = join(root, "node_modules", ".bin", process.platform === "win32" ? "devs.cmd" : "devs")
/** Top-level keys of a board file that only this project reads. */
export const PROJECT_KEYS = ["hardware", "wiring"]

/** The board file as DeviceScript's flasher needs it. */
export function runtimeBoardJson(json: { [key: string]: unknown }): { [key: string]: unknown } {
    const out: { [key: string]: unknown } = {}
    for (const k of Object.keys(json)) if (PROJECT_KEYS.indexOf(k) < 0) out[k] = json[k]
    return out
}

function main(argv: string[]): number {
    const i = argv.indexOf("--board")
    const id = i >= 0 ? argv[i + 1] : undefined
    if (!id) {
        console.error("devs-flash: --board ID is required (a file boards/ID.board.json)")
        return 2
    }
    let json: { [key: string]: unknown }
    try {
        json = JSON.parse(readFileSync(join(root, "boards", `${id}.board.json`), "utf8"))
    } catch (e) {
        console.error(`devs-flash: boards/${id}.board.json: ${(e as Error).message}`)
        return 2
    }
    const dir = join(root, ".devicescript", "flash")
    mkdirSync(join(dir, "boards"), { recursive: true })
    writeFileSync(join(dir, "devsconfig.json"), "{}\n")
    writeFileSync(join(dir, "boards", `${id}.board.json`), JSON.stringify(runtimeBoardJson(json), null, 4) + "\n")
    const r = spawnSync(devs, ["flash", ...argv], { cwd: dir, stdio: "inherit" })
    return r.status ?? 1
}

if (require.main === module) process.exit(main(process.argv.slice(2)))
