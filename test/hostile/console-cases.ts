/** Hostile dpc-console command lines and captures (capture.log is the console's fixture, copied in). */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { formatRecord } from "../../src/kernel"
import { ROOT } from "../fixtures/sim"
import { HostileCase } from "./run-case"

function con(name: string, args: string[], exit: HostileCase["exit"], stderr?: string | RegExp, more: Partial<HostileCase> = {}): HostileCase {
    return { name, tool: "dpc-console", args, exit, stderr: typeof stderr === "string" && stderr !== "" ? `dpc-console: ${stderr}\n` : stderr, ...more }
}

const BOOT = formatRecord("boot", ["board", "cores", "policy", "threads", "version"], ["rp2040", 2, "cores", 2, "0.1.0"])
const EVENTS = formatRecord("events", ["raised", "processed", "dropped", "pending"], [3, 3, 0, 0])
/** 100 KB of bytes from a fixed generator (noise on the wire). */
function noise(n: number): Buffer {
    const b = Buffer.alloc(n)
    let x = 12345
    for (let i = 0; i < n; i++) {
        x = (x * 1103515245 + 12345) >>> 0
        b[i] = x >>> 24
    }
    return b
}

export const CONSOLE_CASES: HostileCase[] = [
    // point 1: --log never empties a file before the session starts, never takes an input's place
    con("defect 1: a port that does not exist leaves an existing log as it was", ["/dev/ttyDPC-NONE", "--log", "c.log"], 2, "/dev/ttyDPC-NONE: no such port (see `dpc-console list`)", { files: { "c.log": "an earlier capture\n" } }),
    con("defect 1: --sim s.json --log s.json is refused; the scenario is untouched", ["--sim", "scenarios/default.json", "--log", "scenarios/default.json"], 2, "--log: scenarios/default.json is the scenario file; refusing to overwrite an input (choose another file)"),
    con("defect 1: --replay c.log --log c.log is refused", ["--replay", "capture.log", "--log", "capture.log"], 2, "--log: capture.log is the replayed capture; refusing to overwrite an input (choose another file)"),
    con("defect 1: --replay c.log --log ./c.log is refused too", ["--replay", "capture.log", "--log", "./capture.log"], 2, "--log: ./capture.log is the replayed capture; refusing to overwrite an input (choose another file)"),
    con("defect 1: --sim with --log on its board file is refused", ["--sim", "mine.json", "--log", "my.board.json"], 2, "--log: my.board.json is the board file; refusing to overwrite an input (choose another file)", {
        files: { "mine.json": '{"version":1,"app":"firmware","board":"my.board.json","duration_us":1000}', "my.board.json": readFileSync(join(ROOT, "boards", "rp2040.board.json")) },
    }),
    con("defect 1: a scenario that does not validate leaves the log as it was", ["--sim", "bad.json", "--log", "c.log"], 2, "bad.json: version: must be 1, got 5", { files: { "bad.json": '{"version":5}', "c.log": "kept" } }),
    con("defect 1: an existing capture is appended to, not replaced", ["--replay", "capture.log", "--log", "c.log", "--json"], 0, /^dpc-console: 15 records, /, {
        files: { "c.log": "an earlier capture\n" },
        writes: ["c.log"],
        check: dir => (readFileSync(join(dir, "c.log")).equals(Buffer.concat([Buffer.from("an earlier capture\n"), readFileSync(join(dir, "capture.log"))])) ? null : "c.log is not the old capture followed by the new bytes"),
    }),
    con("--log into a directory that does not exist", ["--replay", "capture.log", "--log", "no/such/c.log"], 2, "--log: cannot write no/such/c.log: no such directory"),
    con("--log /dev/full is an I/O error, one line", ["--replay", "capture.log", "--log", "/dev/full", "--json"], 2, "--log: cannot write /dev/full: no space left on device"),
    con("--log on a directory", ["--replay", "capture.log", "--log", "scenarios"], 2, "--log: cannot write scenarios: is a directory, not a file"),
    // point 2 and 3: captures
    con("defect 2: a reset in the middle of a line: the boot after it is read", ["--replay", "cut.log", "--json"], 0, /^dpc-console: 2 records, 0 text lines, rejected 1 \(truncated 1\)\n$/, {
        files: { "cut.log": `${EVENTS.slice(0, 25)}${BOOT}\n${EVENTS}\n` },
        stdout: /^\{"kind":"boot",[^\n]+\n\{"kind":"events",[^\n]+\n$/,
    }),
    con("defect 2: two records glued on one line are both read", ["--replay", "glued.log", "--json"], 0, /^dpc-console: 2 records, 0 text lines, rejected 0\n$/, { files: { "glued.log": `${BOOT}${EVENTS}\n` } }),
    con("defect 3: a capture in devs run's colours", ["--replay", "colour.log", "--json"], 0, /^dpc-console: 2 records, 1 text lines, rejected 0\n$/, {
        files: { "colour.log": `\x1b[90m> ${BOOT}\x1b[0m\n\x1b[32mok\x1b[0m\n\x1b[90m> ${EVENTS}\x1b[0m\n` },
    }),
    con("100 KB of noise", ["--replay", "noise.log", "--json"], 0, /^dpc-console: 0 records, /, { files: { "noise.log": noise(100_000) } }),
    con("a 10 MB line with no end", ["--replay", "long.log", "--json"], 0, /^dpc-console: 0 records, 0 text lines, rejected 1 \(overlong 1\)\n$/, { files: { "long.log": "A".repeat(10_000_000) } }),
    con("NUL bytes around a record", ["--replay", "nul.log", "--json"], 0, /^dpc-console: 1 records, 0 text lines, rejected 1 \(garbage 1\)\n$/, { files: { "nul.log": Buffer.concat([Buffer.alloc(50), Buffer.from(`\n\0\0${BOOT}\n`)]) } }),
    con("a capture of only line ends", ["--replay", "ends.log", "--json"], 0, /^dpc-console: 0 records, 0 text lines, rejected 0\n$/, { files: { "ends.log": "\r\n\n\r".repeat(100_000) } }),
    con("an escape sequence that never ends", ["--replay", "esc.log", "--plain"], 0, undefined, { files: { "esc.log": `\x1b]0;${"x".repeat(2000)}\n${BOOT}\n` }, stdout: /^\$DPC,boot,/m }),
    con("an empty capture", ["--replay", "/dev/null", "--json"], 0, "0 records, 0 text lines, rejected 0"),
    con("a capture that does not exist", ["--replay", "nope.log"], 2, "nope.log: cannot read: no such file"),
    con("a capture that is a directory", ["--replay", "scenarios"], 2, "scenarios: cannot read: is a directory"),
    // arguments
    con("no input", [], 2, "missing input: give a PORT, --replay FILE or --sim SCENARIO.json (see dpc-console --help)"),
    con("two ports", ["/dev/a", "/dev/b"], 2, "takes one argument (a serial port), got 2: '/dev/a' '/dev/b'"),
    con("a port and a replay", ["/dev/a", "--replay", "capture.log"], 2, "give only one of PORT, --replay and --sim"),
    con("--baud 0", ["/dev/a", "--baud", "0"], 2, "--baud: must be a whole number from 1 to 10000000, got 0"),
    con("--baud 1e9", ["/dev/a", "--baud", "1e9"], 2, "--baud: must be a whole number from 1 to 10000000, got 1000000000"),
    con("--baud with a replay", ["--replay", "capture.log", "--baud", "9600"], 2, "--baud: only with a PORT"),
    con("--seed without --sim", ["--replay", "capture.log", "--seed", "1"], 2, "--seed: only with --sim"),
    con("--json and --plain", ["--replay", "capture.log", "--json", "--plain"], 2, "give only one of --json and --plain"),
    con("--sim with --duration-ms 1e11", ["--sim", "scenarios/default.json", "--duration-ms", "1e11"], 2, "--duration-ms: must be from 0.000001 (1 ns) to 86400000 (a day), got 100000000000"),
    con("--sim with an unknown board", ["--sim", "scenarios/default.json", "--board", "pico9"], 2, "--board: unknown board 'pico9' (known: esp32, esp32c3, esp32s3, rp2040; or give a path to a board file)"),
    con("an unknown option after a replay", ["--replay", "capture.log", "--bogus"], 2, "--bogus: unknown option for dpc-console (options: --baud, --replay, --sim, --board, --policy, --seed, --duration-ms, --host, --log, --json, --plain, --help)"),
    con("list takes no arguments", ["list", "x"], 2, "dpc-console list: takes no arguments, got 'x'"),
    con("list --help (defect 6)", ["list", "--help"], 0, "", { stdout: /^ {2}dpc-console list/m }),
    con("-h after a replay (defect 6)", ["--replay", "capture.log", "-h"], 0, "", { stdout: /^examples:$/m }),
    con("defect 5: SIGTERM ends a long --sim run at once", ["--sim", "scenarios/storm.json", "--duration-ms", "600000", "--json"], 0, /^dpc-console: \d+ records, 0 text lines, rejected 0\n$/, {
        signal: { name: "SIGTERM", afterMs: 3000 },
        stdout: /^\{"kind":"boot",/,
    }),
    con("defect 5: Ctrl-C ends a long --sim run at once", ["--sim", "scenarios/storm.json", "--duration-ms", "600000", "--plain"], 0, "", {
        signal: { name: "SIGINT", afterMs: 3000 },
        stdout: /^wire: \d+ records, 0 text lines, rejected 0$/m,
    }),
]
