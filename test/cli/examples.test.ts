/**
 * Every example the help texts and the READMEs show is run, and does what it is shown doing
 * (exit 0, nothing on stderr but what the command documents). Examples that need hardware are
 * run as far as the hardware: a serial port example reads a mock port (test/console/mock-wire),
 * and the build and flash examples run with --dry-run (they check the board files and show the
 * devs command; building and flashing are tested elsewhere or need a board).
 */
import assert from "node:assert/strict"
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CONSOLE_COMMAND, LIST_COMMAND } from "../../console/args"
import { main as consoleMain } from "../../console/cli"
import { DPC_SIM } from "../../sim/cli/main"
import { BUILD_COMMAND } from "../../tools/devs-build"
import { FLASH_COMMAND } from "../../tools/devs-flash"
import { formatRecord } from "../../src/kernel"
import { MockWire } from "../console/mock-wire"
import { ROOT } from "../fixtures/sim"
import { HostileCase, runAll, Tool } from "../hostile/run-case"

/** The command lines of the ```sh blocks and `inline code` of a README that run one of our tools. */
function readmeExamples(file: string): string[] {
    const text = readFileSync(join(ROOT, file), "utf8")
    const out: string[] = []
    for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) for (const line of block[1].split("\n")) out.push(line.replace(/\s+#.*$/, "").trim())
    for (const m of text.matchAll(/`((?:npx )?dpc-(?:sim|console) [^`]+|npm run (?:build:firmware|flash) -- [^`]+)`/g)) out.push(m[1])
    return out.filter(l => /^(npx )?dpc-(sim|console)\b|^npm run (build:firmware|flash) -- /.test(l))
}

const HELP = [...DPC_SIM.examples, ...CONSOLE_COMMAND.examples, ...LIST_COMMAND.examples, ...BUILD_COMMAND.examples, ...FLASH_COMMAND.examples]
const README = [...new Set([...readmeExamples("README.md"), ...readmeExamples("console/README.md")])]
const SCENARIOS = readdirSync(join(ROOT, "scenarios"))
    .filter(f => f.endsWith(".json"))
    .sort()
    .map(f => `scenarios/${f}`)

/** An example as the tool and arguments that run it (a shell glob expanded as the shell would). */
function asRun(example: string): { tool: Tool; args: string[]; port?: string } {
    const words = example.replace(/^npx /, "").split(/\s+/).flatMap(w => (w === "scenarios/*.json" ? SCENARIOS : [w]))
    if (words[0] === "npm") {
        const tool: Tool = words[2] === "flash" ? "devs-flash" : "devs-build"
        const args = words.slice(4)
        return { tool, args: args.includes("--dry-run") ? args : [...args, "--dry-run"] }
    }
    const tool = words[0] as Tool
    const args = words.slice(1)
    const port = tool === "dpc-console" && args.length > 0 && !args[0].startsWith("-") && args[0] !== "list" ? args[0] : undefined
    return { tool, args, port }
}

/** What each kind of example must print. */
function expectedOut(example: string): RegExp {
    if (/ (--help|-h)$/.test(example)) return /^[^\n]+\n\nusage:\n/
    if (/--json/.test(example) && /dpc-sim/.test(example)) return /^\{\n {2}"board": /
    if (/--json/.test(example)) return /^\{"kind":"boot",/
    if (/dpc-sim run/.test(example)) return /invariants: conservation, per-source order, no DPC on two threads at once: all hold\n/
    if (/dpc-sim validate/.test(example)) return /: ok \(board /
    if (/dpc-sim boards/.test(example)) return /^id +board +cores/
    if (/dpc-console list/.test(example)) return /\S/
    if (/dpc-console/.test(example)) return /\nwire: \d+ records, /
    if (/flash/.test(example)) return /devs flash /
    return /would build: firmware /
}

describe("every example of the help texts and the READMEs runs", function () {
    this.timeout(5 * 60 * 1000)
    const all = [...new Set([...HELP, ...README])]
    const spawned = all.filter(e => asRun(e).port === undefined)
    let results: Awaited<ReturnType<typeof runAll>> = []

    before(async () => {
        const cases: HostileCase[] = spawned.map(e => ({ name: e, ...asRun(e), exit: 0, writes: ["t.json", "w.vcd", "bounce.json", "bounce.vcd", "capture.log"] }))
        results = await runAll(cases, 4)
    })

    it(`finds them: ${HELP.length} in the help texts, ${README.length} in the READMEs`, () => {
        assert.ok(HELP.length >= 15, HELP.join("\n"))
        assert.ok(README.length >= 10, README.join("\n"))
        for (const e of ["dpc-sim run scenarios/policy-cores.json", "npx dpc-sim validate scenarios/*.json", "npx dpc-console --replay capture.log --json", "npm run flash -- --board rp2040", "npm run build:firmware -- --board esp32s3"])
            assert.ok(all.includes(e), e)
    })

    spawned.forEach((example, i) =>
        it(example, () => {
            const r = results[i]
            assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`)
            assert.equal(r.stderr.replace(/^dpc-console: \d+ records, [^\n]*\n$/, ""), "")
            assert.match(r.stdout, expectedOut(example))
        })
    )

    for (const example of all.filter(e => asRun(e).port !== undefined))
        it(`${example} (a mock serial port)`, async () => {
            const { args, port } = asRun(example)
            const wire = new MockWire()
            wire.create(port!)
            const dir = mkdtempSync(join(tmpdir(), "dpc-example-"))
            cpSync(join(ROOT, "scenarios"), join(dir, "scenarios"), { recursive: true })
            const cwd = process.cwd()
            process.chdir(dir)
            let out = ""
            let err = ""
            try {
                const boot = formatRecord("boot", ["board", "cores", "policy", "threads", "version"], ["rp2040", 2, "cores", 2, "0.1.0"])
                const code = await consoleMain(args, {
                    out: t => (out += t),
                    err: t => (err += t),
                    isTTY: false,
                    portFactory: wire.factory,
                    onInterrupt: stop =>
                        setTimeout(() => {
                            wire.emit(port!, boot + "\n")
                            setTimeout(stop, 20)
                        }, 50),
                })
                assert.equal(code, 0, err)
                assert.equal(err, "")
                assert.match(out, /^\$DPC,boot,board=rp2040,/m)
                if (args.includes("--log")) assert.equal(readFileSync(join(dir, args[args.indexOf("--log") + 1]), "latin1"), boot + "\n")
            } finally {
                process.chdir(cwd)
                rmSync(dir, { recursive: true, force: true })
                wire.reset()
            }
        })
})
