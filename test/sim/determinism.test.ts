import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ROOT } from "../fixtures/sim"

const CLI = join(ROOT, "bin", "dpc-sim.js")

function run(args: string[]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" })
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe("simulator: determinism", () => {
    const dir = mkdtempSync(join(tmpdir(), "dpc-sim-"))
    const scenario = join(ROOT, "scenarios", "policy-cores.json")

    it("the same scenario and seed give byte-identical --json, --trace and --vcd output", () => {
        const a = run(["run", scenario, "--json", "--trace", join(dir, "a.json"), "--vcd", join(dir, "a.vcd")])
        const b = run(["run", scenario, "--json", "--trace", join(dir, "b.json"), "--vcd", join(dir, "b.vcd")])
        assert.equal(a.status, 0, a.stderr)
        assert.equal(a.stdout, b.stdout)
        assert.ok(readFileSync(join(dir, "a.json")).equals(readFileSync(join(dir, "b.json"))))
        assert.ok(readFileSync(join(dir, "a.vcd")).equals(readFileSync(join(dir, "b.vcd"))))
    })

    it("another seed gives other poisson arrivals", () => {
        const a = JSON.parse(run(["run", scenario, "--json", "--seed", "1"]).stdout)
        const b = JSON.parse(run(["run", scenario, "--json", "--seed", "2"]).stdout)
        assert.equal(b.seed, 2)
        assert.notEqual(a.events.raised, b.events.raised)
    })
})
