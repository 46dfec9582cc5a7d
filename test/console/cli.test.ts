import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { formatRecord } from "../../src/kernel"
import { ConsoleIo, main } from "../../console/cli"
import { CONSOLE_COMMAND } from "../../console/args"
import { commandHelp } from "../../sim/cli/args"
import { formatPorts, onPath, scanDev } from "../../console/list"
import { SimRunner, SimSource } from "../../console/sources/sim-source"
import { InputError as SimInputError } from "../../sim/input-error"
import { Summary } from "../../sim/run"
import { Session } from "../../console/session"
import { fitScreen } from "../../console/render"

const ROOT = join(__dirname, "..", "..", "..")
const BIN = join(ROOT, "bin", "dpc-console.js")
const CAPTURE = join(ROOT, "test", "console", "fixtures", "capture.log")
const CAPTURE_ARG = "test/console/fixtures/capture.log"

/** Runs the real command; stdout, stderr and exit code. */
function run(...args: string[]): { code: number | null; out: string; err: string } {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" })
    return { code: r.status, out: r.stdout, err: r.stderr }
}

/** Runs main() in process with captured output. */
async function runIn(args: string[], extra: Partial<ConsoleIo> = {}): Promise<{ code: number; out: string; err: string }> {
    let out = ""
    let err = ""
    const code = await main(args, { out: t => (out += t), err: t => (err += t), isTTY: false, ...extra })
    return { code, out, err }
}

/** The fixture's records, by hand from the capture (see test/console/fixtures/README.md). */
const EXPECTED_JSON = [
    { kind: "boot", board: "rp2040", cores: 2, policy: "cores", threads: 2, version: "0.1.0" },
    { kind: "line", name: "IO_IRQ_BANK0", core: 0, count: 120, dropped: 2 },
    { kind: "line", name: "TIMER_IRQ_0", core: 1, count: 1000, dropped: 0 },
    { kind: "dpc", name: "debounce", runs: 40, events: 118, coalesced: 78, max_batch: 9, dropped: 2, pending: 0, errors: 0, watchdog: 0, lat_p50_us: 6.143, lat_p99_us: 18.5, lat_max_us: 21.25, run_max_us: 4, cores: 0 },
    { kind: "dpc", name: "sample", runs: 1000, events: 1000, coalesced: 0, max_batch: 1, dropped: 0, pending: 0, errors: 1, watchdog: 3, lat_p50_us: 2.5, lat_p99_us: 3.75, lat_max_us: 40, run_max_us: 31.5, cores: "0+1" },
    { kind: "core", id: 0, util: 57.8, isr_us: 1200, dpc_us: 4580.5, threads: 1, runs: 1040, qmax: 4 },
    { kind: "core", id: 1, util: 13.3, isr_us: 800, dpc_us: 533, threads: 1, runs: 0, qmax: 1 },
    { kind: "events", raised: 1120, processed: 1118, dropped: 2, pending: 0 },
    { kind: "err", fault: "overflow", dpc: "debounce", line: "IO_IRQ_BANK0", source: "gpio14", core: 0, count: 2 },
    { kind: "err", fault: "watchdog", dpc: "sample", core: 1, run_us: 31.5, count: 3 },
    { kind: "err", fault: "error", dpc: "sample", core: 1, count: 1, message: "odd value, x=3" },
    { kind: "temp", c: 21.5 },
    { kind: "boot", board: "rp2040", cores: 2, policy: "cores", threads: 2, version: "0.1.0" },
    { kind: "line", name: "IO_IRQ_BANK0", core: 0, count: 3, dropped: 0 },
    { kind: "events", raised: 3, processed: 3, dropped: 0, pending: 0 },
]
const WIRE = "15 records, 2 text lines, rejected 6 (bad-checksum 1, truncated 1, malformed 1, overlong 1, garbage 2)"

describe("dpc-console command", () => {
    it("--replay --json prints exactly the capture's accepted records, and the wire counts on stderr", () => {
        const r = run("--replay", CAPTURE_ARG, "--json")
        assert.equal(r.code, 0, r.err)
        assert.equal(r.out, EXPECTED_JSON.map(o => JSON.stringify(o) + "\n").join(""))
        assert.equal(r.err, `dpc-console: ${WIRE}\n`)
    })

    it("--replay (not a terminal) prints every line as it comes, then the final view", async () => {
        const r = await runIn(["--replay", CAPTURE_ARG])
        assert.equal(r.code, 0)
        assert.equal(r.err, "")
        const lines = r.out.split("\n")
        assert.deepEqual(lines.filter(l => l.startsWith("!! ")), [
            "!! garbage: \\xff\\xfe\\x00\\x13 garbage from the reset",
            "!! bad-checksum: $DPC,dpc,name=debounce,runs=47*05",
            "!! truncated: $DPC,dpc,name=sample,runs=",
            "!! garbage: temp 21\\xb0C",
            "!! malformed: $DPC,dpc,name*27",
            `!! overlong: ${"A".repeat(60)}... (cut at 1024 bytes)`,
        ])
        assert.deepEqual(lines.filter(l => !l.startsWith("$") && !l.startsWith("!!")).slice(0, 2), ["firmware: buttons on gpio14, alarm 0 every 1 ms", "température 21 °C"])
        assert.equal(lines.filter(l => l.startsWith("$DPC,")).length, 15)
        assert.deepEqual(lines.slice(lines.indexOf("") + 1), [
            `dpc-console  replay ${CAPTURE_ARG}  board rp2040, 2 cores, policy cores, 2 DPC threads, version 0.1.0  (reset seen: boot #2)`,
            "events: raised 3, processed 3, dropped 0, pending 0",
            "",
            "cores: no core record yet",
            "",
            "interrupt line  core  count  dropped  rate/s",
            "IO_IRQ_BANK0       0      3        0       -",
            "",
            "DPCs: no dpc record yet",
            "",
            "errors: none",
            "",
            `wire: ${WIRE}`,
            "",
        ])
    })

    it("--log saves the raw bytes received", async () => {
        const dir = mkdtempSync(join(tmpdir(), "dpc-console-"))
        try {
            const log = join(dir, "copy.log")
            const r = await runIn(["--replay", CAPTURE, "--json", "--log", log])
            assert.equal(r.code, 0)
            assert.deepEqual(readFileSync(log), readFileSync(CAPTURE))
            const bad = await runIn(["--replay", CAPTURE, "--log", join(dir, "no", "such", "dir.log")])
            assert.deepEqual(bad, { code: 2, out: "", err: `dpc-console: --log: cannot write ${join(dir, "no", "such", "dir.log")}: no such directory\n` })
        } finally {
            rmSync(dir, { recursive: true })
        }
    })

    it("the live view on a terminal redraws in place and leaves the final view", async () => {
        const r = await runIn(["--replay", CAPTURE_ARG], { isTTY: true, rows: () => 40, columns: () => 200 })
        assert.equal(r.code, 0)
        const frames = r.out.split("\x1b[H")
        assert.ok(frames.length >= 3, "a first frame and the final one")
        const last = frames[frames.length - 1].split("\x1b[0m\x1b[K\n")
        assert.equal(last[0], `\x1b[1mdpc-console  replay ${CAPTURE_ARG}\x1b[0m  board rp2040, 2 cores, policy cores, 2 DPC threads, version 0.1.0  (reset seen: boot #2)`)
        assert.ok(last.includes(`wire: ${WIRE}`), last.join("\n"))
        assert.ok(last.includes("\x1b[2mtempérature 21 °C\x1b[0m"), "recent text, dimmed")
        assert.ok(r.out.endsWith("\x1b[?25h"), "cursor shown again")
    })

    it("defect 5: --sim runs in slices: the live view redraws while it runs, and a stop ends it at once", async () => {
        let stop = () => {}
        const started = Date.now()
        const r = await runIn(["--sim", join(ROOT, "scenarios", "storm.json"), "--duration-ms", "600000"], {
            isTTY: true,
            rows: () => 60,
            columns: () => 200,
            onInterrupt: s => {
                stop = s
                setTimeout(() => stop(), 600)
            },
        })
        assert.equal(r.code, 0)
        const frames = r.out.split("\x1b[H").length - 1
        assert.ok(frames >= 3, `${frames} frames: the view was redrawn while the simulator ran`)
        assert.ok(Date.now() - started < 10_000, "stopped long before the 600 s of simulated time")
        assert.match(r.out, /events: raised \d+, processed \d+/)
    })

    it("defect 12: on an 80x24 terminal the live view fits and says what it hides", async () => {
        const r = await runIn(["--sim", join(ROOT, "scenarios", "default.json"), "--host", "native"], { isTTY: true, rows: () => 24, columns: () => 80 })
        assert.equal(r.code, 0)
        const frames = r.out.split("\x1b[H")
        const last = frames[frames.length - 1].replace(/\x1b\[\?25h$/, "").split("\x1b[0m\x1b[K\n")
        const visible = (l: string) => l.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")
        const shown = last.filter(l => visible(l) !== "")
        assert.ok(shown.length <= 23, `${shown.length} lines`)
        for (const l of shown) assert.ok(visible(l).length <= 80, `too wide: ${visible(l)}`)
        assert.ok(shown.some(l => visible(l).startsWith("wire: 88 records")), "the wire counts are on screen")
        assert.ok(shown.some(l => visible(l).startsWith("events: raised 790")), "the totals are on screen")
        assert.ok(shown.some(l => /^dpc +runs .*>$/.test(visible(l))), "a line cut at the right edge ends in >")
        // what still does not fit is said, on the last line
        const screen = Array.from({ length: 30 }, (_, i) => (i % 3 === 2 ? "" : `line ${i}`))
        assert.deepEqual(fitScreen(screen, 10, 80), [...screen.filter(l => l !== "").slice(0, 8), "... 12 more lines below: make the terminal taller (10 rows now)"])
        assert.deepEqual(fitScreen(["\x1b[1mbold title\x1b[0m and more"], 5, 8), ["\x1b[1mbold ti>"])
    })

    it("bad input: one line naming the port, file or option, exit 2", () => {
        assert.deepEqual(run("/dev/ttyDPC-NONE"), { code: 2, out: "", err: "dpc-console: /dev/ttyDPC-NONE: no such port (see `dpc-console list`)\n" })
        assert.deepEqual(run("--replay", "nope.log"), { code: 2, out: "", err: "dpc-console: nope.log: cannot read: no such file\n" })
        assert.deepEqual(run("--replay", CAPTURE_ARG, "--bogus"), {
            code: 2,
            out: "",
            err: "dpc-console: --bogus: unknown option for dpc-console (options: --baud, --replay, --sim, --board, --policy, --seed, --duration-ms, --host, --log, --json, --plain, --help)\n",
        })
    })

    it("bad arguments are named", async () => {
        const first = async (...args: string[]) => (await runIn(args)).err.split("\n")[0]
        assert.equal(await first(), "dpc-console: missing input: give a PORT, --replay FILE or --sim SCENARIO.json (see dpc-console --help)")
        assert.equal(await first("a", "b"), "dpc-console: takes one argument (a serial port), got 2: 'a' 'b'")
        assert.equal(await first("/dev/x", "--replay", "c.log"), "dpc-console: give only one of PORT, --replay and --sim")
        assert.equal(await first("/dev/x", "--baud", "fast"), "dpc-console: --baud: must be a number, got 'fast'")
        assert.equal(await first("/dev/x", "--baud", "0"), "dpc-console: --baud: must be a whole number from 1 to 10000000, got 0")
        assert.equal(await first("/dev/x", "--baud"), "dpc-console: --baud: needs a value (N)")
        assert.equal(await first("/dev/x", "--seed", "1"), "dpc-console: --seed: only with --sim")
        assert.equal(await first("--replay", "c.log", "--baud=9600"), "dpc-console: --baud: only with a PORT")
        assert.equal(await first("--replay", "c.log", "--log", "a", "--log", "b"), "dpc-console: --log: given twice")
        assert.equal(await first("--sim", "scenarios/default.json", "--duration-ms", "0"), "dpc-console: --duration-ms: must be from 0.000001 (1 ns) to 86400000 (a day), got 0")
        assert.equal(await first("--replay", "c.log", "--json", "--plain"), "dpc-console: give only one of --json and --plain")
        assert.equal(await first("list", "x"), "dpc-console: dpc-console list: takes no arguments, got 'x'")
        assert.equal((await runIn(["/dev/x", "--bogus"])).code, 2)
    })

    it("--help documents every option, and some example uses it", async () => {
        const r = await runIn(["--help"])
        assert.deepEqual([r.code, r.out, r.err], [0, commandHelp(CONSOLE_COMMAND), ""])
        for (const opt of ["--baud", "--replay", "--sim", "--seed", "--duration-ms", "--board", "--policy", "--log", "--json", "--plain"]) {
            assert.ok(r.out.includes(`  ${opt} `), `${opt} is described`)
            assert.ok(CONSOLE_COMMAND.examples.some(e => e.includes(` ${opt}`)), `${opt} has an example`)
        }
    })

    it("the simulator source feeds UART lines with simulated time and maps the simulator's InputError", async () => {
        // A stand-in runner with sim/run.ts's signature: tests this adapter only (the real
        // simulator is run end to end in test/console/sim.test.ts).
        const calls: unknown[] = []
        const runner: SimRunner = async (sc, opts) => {
            calls.push([sc.file, sc.seed, sc.durationNs, typeof opts.onUart, opts.shouldStop!()])
            if (sc.seed === 2) throw new SimInputError("bad.json", "dpcs[0].importance", "must be one of high, medium, low")
            const line = (count: number) => formatRecord("line", ["name", "core", "count", "dropped"], ["L", 0, count, 0])
            opts.onUart!(line(10), 1_000_000_000)
            opts.onUart!(line(30), 3_000_000_000)
            return { summary: { seed: sc.seed } as Summary }
        }
        const session = new Session({ mode: "json", label: "sim", out: () => {}, err: () => {} })
        const ok = join(ROOT, "scenarios", "default.json")
        const src = new SimSource(ok, { seed: 3, durationMs: 50 }, runner)
        await src.run(session)
        assert.deepEqual(calls, [[ok, 3, 50_000_000, "function", false]])
        assert.deepEqual(src.summary, { seed: 3 })
        session.end()
        // 20 interrupts in 2 s of simulated time
        assert.deepEqual(session.model.lineRows().map(l => [l.count, l.rate, l.atMs]), [[30, 10, 3000]])
        const bad = await runIn(["--sim", ok, "--seed", "2"], { simRunner: runner })
        assert.deepEqual(bad, { code: 2, out: "", err: "dpc-console: bad.json: dpcs[0].importance: must be one of high, medium, low\n" })
    })

    it("list: scans device names where udevadm is missing, and says when there are none", async () => {
        const dev = mkdtempSync(join(tmpdir(), "dpc-dev-"))
        try {
            assert.deepEqual(scanDev(dev), [])
            mkdirSync(join(dev, "serial", "by-id"), { recursive: true })
            for (const n of ["ttyACM0", "ttyUSB1", "ttyS0", "null"]) writeFileSync(join(dev, n), "")
            symlinkSync(join(dev, "ttyACM0"), join(dev, "serial", "by-id", "usb-Raspberry_Pi_Pico_E661-if00"))
            assert.deepEqual(scanDev(dev), [{ path: join(dev, "ttyACM0"), manufacturer: "(by-id usb-Raspberry_Pi_Pico_E661-if00)" }, { path: join(dev, "ttyUSB1") }])
        } finally {
            rmSync(dev, { recursive: true })
        }
        assert.equal(onPath("sh"), true)
        assert.equal(onPath("no-such-command-dpc"), false)
        assert.deepEqual(formatPorts([{ path: "/dev/ttyACM0", manufacturer: "Raspberry Pi", vendorId: "2e8a", productId: "000a" }, { path: "/dev/ttyUSB0" }]), [
            "path          manufacturer  vid:pid",
            "/dev/ttyACM0  Raspberry Pi  2e8a:000a",
            "/dev/ttyUSB0  -             -",
        ])
        const none = await runIn(["list"], { lister: async () => [] })
        assert.deepEqual(none, { code: 0, out: "no serial ports found (is the board plugged in? on Linux, look for /dev/ttyACM* or /dev/ttyUSB*)\n", err: "" })
        const real = run("list") // whatever this machine has, never a crash
        assert.equal(real.code, 0, real.err)
        assert.equal(real.err, "")
    })
})
