/**
 * `--help` and `-h` work after every command and subcommand of every tool (exit 0, the help on
 * stdout, nothing on stderr), and a command's help names the command it documents.
 */
import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { join } from "node:path"
import { ROOT } from "../fixtures/sim"

const TOOLS: { [tool: string]: string } = {
    "dpc-sim": join(ROOT, "bin", "dpc-sim.js"),
    "dpc-console": join(ROOT, "bin", "dpc-console.js"),
    "devs-build": join(ROOT, "dist", "tools", "devs-build.js"),
    "devs-flash": join(ROOT, "dist", "tools", "devs-flash.js"),
}

/** [tool, arguments before the help flag, the usage line the help must show] */
const COMMANDS: [string, string[], string][] = [
    ["dpc-sim", [], "dpc-sim run SCENARIO.json"],
    ["dpc-sim", ["run"], "dpc-sim run SCENARIO.json"],
    ["dpc-sim", ["run", "scenarios/default.json", "--uart"], "dpc-sim run SCENARIO.json"], // npm start -- --help
    ["dpc-sim", ["validate"], "dpc-sim validate FILE..."],
    ["dpc-sim", ["validate", "scenarios/default.json"], "dpc-sim validate FILE..."],
    ["dpc-sim", ["boards"], "dpc-sim boards"],
    ["dpc-console", [], "dpc-console PORT"],
    ["dpc-console", ["--replay", "x.log"], "dpc-console PORT"],
    ["dpc-console", ["list"], "dpc-console list"],
    ["devs-build", [], "devs-build [--board ID | --all]"],
    ["devs-build", ["--board", "esp32"], "devs-build [--board ID | --all]"],
    ["devs-flash", [], "devs-flash --board ID"],
    ["devs-flash", ["esp32", "--board", "esp32s3"], "devs-flash --board ID"],
]

describe("--help and -h everywhere", () => {
    for (const [tool, before, usage] of COMMANDS)
        for (const flag of ["--help", "-h"])
            it(`${tool} ${[...before, flag].join(" ")}`, () => {
                const r = spawnSync(process.execPath, [TOOLS[tool], ...before, flag], { cwd: ROOT, encoding: "utf8", timeout: 20000 })
                assert.equal(r.stderr, "")
                assert.equal(r.status, 0)
                assert.ok(r.stdout.includes(`  ${usage}`), `${tool}: the help shows '${usage}':\n${r.stdout}`)
                assert.match(r.stdout, /^examples:$/m)
            })

    it("npm start -- --help shows the run command's help", () => {
        const r = spawnSync("npm", ["start", "--silent", "--", "--help"], { cwd: ROOT, encoding: "utf8", timeout: 30000 })
        assert.equal(r.status, 0, r.stderr)
        assert.ok(r.stdout.includes("  dpc-sim run SCENARIO.json"), r.stdout)
    })
})

describe("a closed pipe (defect 7)", () => {
    it("dpc-sim run ... --uart | head -1 exits 0 with nothing on stderr, every time", () => {
        for (let i = 0; i < 5; i++) {
            const r = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" bin/dpc-sim.js run scenarios/default.json --uart | head -1`], { cwd: ROOT, encoding: "utf8", timeout: 30000 })
            assert.equal(r.stderr, "", `run ${i}`)
            assert.equal(r.status, 0, `run ${i}`)
            assert.match(r.stdout, /^ +[\d.]+ ms {2}\$DPC,boot,/)
        }
    })
})
