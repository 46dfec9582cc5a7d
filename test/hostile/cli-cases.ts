/** Hostile command lines for dpc-sim and the build and flash tools, and the output files they name. */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { ROOT } from "../fixtures/sim"
import { HostileCase } from "./run-case"

const BOARD = readFileSync(join(ROOT, "boards", "rp2040.board.json"), "utf8")

const S = "scenarios/policy-cores.json"

function sim(name: string, args: string[], exit: HostileCase["exit"], stderr?: string | RegExp, more: Partial<HostileCase> = {}): HostileCase {
    return { name, tool: "dpc-sim", args, exit, stderr: typeof stderr === "string" && stderr !== "" ? `dpc-sim: ${stderr}\n` : stderr, ...more }
}
function tool(t: "devs-build" | "devs-flash", args: string[], exit: 0 | 2, stderr?: string, more: Partial<HostileCase> = {}): HostileCase {
    return { name: `${t} ${args.join(" ")}`, tool: t, args, exit, stderr: stderr === undefined || stderr === "" ? stderr : `${t}: ${stderr}\n`, ...more }
}

export const CLI_CASES: HostileCase[] = [
    sim("defect 4: --duration-ms 1e11 has the same cap as duration_us", ["run", S, "--duration-ms", "1e11"], 2, "--duration-ms: must be from 0.000001 (1 ns) to 86400000 (a day), got 100000000000"),
    sim("--duration-ms below 1 ns", ["run", S, "--duration-ms", "1e-7"], 2, "--duration-ms: must be from 0.000001 (1 ns) to 86400000 (a day), got 1e-7"),
    sim("--duration-ms 0", ["run", S, "--duration-ms", "0"], 2, "--duration-ms: must be from 0.000001 (1 ns) to 86400000 (a day), got 0"),
    sim("--duration-ms -1", ["run", S, "--duration-ms", "-1"], 2, "--duration-ms: must be from 0.000001 (1 ns) to 86400000 (a day), got -1"),
    sim("--duration-ms NaN", ["run", S, "--duration-ms", "NaN"], 2, "--duration-ms: must be a number, got 'NaN'"),
    sim("--duration-ms Infinity", ["run", S, "--duration-ms", "Infinity"], 2, "--duration-ms: must be a number, got 'Infinity'"),
    sim("--seed 1e20", ["run", S, "--seed", "1e20"], 2, "--seed: must be a whole number from 0 to 4294967295, got 100000000000000000000"),
    sim("--seed abc", ["run", S, "--seed", "abc"], 2, "--seed: must be a number, got 'abc'"),
    sim("--seed 1.5", ["run", S, "--seed", "1.5"], 2, "--seed: must be a whole number, got '1.5'"),
    sim("--policy with an empty value", ["run", S, "--policy", ""], 2, "--policy: needs a non-empty value (P)"),
    sim("--policy fastest", ["run", S, "--policy", "fastest"], 2, "--policy: must be one of single-thread, threads, cores, interrupting-core, round-robin, least-loaded, got 'fastest'"),
    sim("--board nope", ["run", S, "--board", "nope"], 2, "--board: unknown board 'nope' (known: esp32, esp32c3, esp32s3, rp2040; or give a path to a board file)"),
    sim("defect 4: --board /dev/zero", ["run", S, "--board", "/dev/zero"], 2, "/dev/zero: larger than 1048576 bytes (the limit for a JSON input; docs/limits.md)"),
    sim("--board with no value", ["run", S, "--board"], 2, "--board: needs a value (ID)"),
    sim("--board followed by another option", ["run", S, "--board", "--json"], 2, "--board: needs a value (ID)"),
    sim("an unknown option", ["run", S, "--bogus"], 2, "--bogus: unknown option for dpc-sim run (options: --board, --policy, --seed, --duration-ms, --host, --json, --trace, --vcd, --uart, --help)"),
    sim("an unknown short option", ["run", S, "-x"], 2, "-x: unknown option for dpc-sim run (options: --board, --policy, --seed, --duration-ms, --host, --json, --trace, --vcd, --uart, --help)"),
    sim("a flag given a value", ["run", S, "--json=1"], 2, "--json: takes no value, got '1'"),
    sim("a flag given twice", ["run", S, "--json", "--json"], 2, "--json: given twice"),
    sim("two scenario files", ["run", S, S], 2, `dpc-sim run: takes one argument (a scenario file), got 2: '${S}' '${S}'`),
    sim("no scenario file", ["run"], 2, "dpc-sim run: needs a scenario file (dpc-sim run SCENARIO.json [options]; see dpc-sim run --help)"),
    sim("no command", [], 2, "needs a command (run, validate, boards; see dpc-sim --help)"),
    sim("an unknown command", ["simulate", S], 2, "simulate: unknown command (commands: run, validate, boards; see dpc-sim --help)"),
    sim("a command after an option", ["--json", "run", S], 2, "--json: unknown option for dpc-sim (options: --version, --help)"),
    sim("boards takes no arguments", ["boards", "rp2040"], 2, "dpc-sim boards: takes no arguments, got 'rp2040'"),
    sim("a scenario that is a directory", ["run", "scenarios"], 2, "scenarios: is a directory, not a file"),
    sim("a scenario that does not exist", ["run", "nope.json"], 2, "nope.json: no such file"),
    sim("validate checks every file and reports each (defect 12)", ["validate", "scenarios/default.json", "bad.json", "scenarios/storm.json", "nope.json"], 2,
        /^dpc-sim: bad\.json: version: must be 1, got 3\ndpc-sim: nope\.json: no such file\ndpc-sim: 2 of 4 files failed\n$/,
        { files: { "bad.json": '{"version": 3}' }, stdout: /^scenarios\/default\.json: ok \([^\n]+\)\nscenarios\/storm\.json: ok \([^\n]+\)\n$/ }),
    sim("--help after run (defect 6)", ["run", "--help"], 0, "", { stdout: /^ {2}dpc-sim run SCENARIO\.json \[options\]$/m }),
    sim("-h after a scenario and options (defect 6)", ["run", S, "--uart", "-h"], 0, "", { stdout: /^ {2}dpc-sim run SCENARIO\.json \[options\]$/m }),
    // point 9: output files
    sim("defect 9: --vcd given the scenario's path is refused; the scenario is untouched", ["run", S, "--vcd", S], 2, `--vcd: ${S} is the scenario file; refusing to overwrite an input (choose another file)`),
    sim("defect 9: --trace given the scenario through another path", ["run", S, "--trace", `./scenarios/../${S}`], 2, `--trace: ./scenarios/../${S} is the scenario file; refusing to overwrite an input (choose another file)`),
    sim("defect 9: --trace given a link to the scenario", ["run", S, "--trace", "link.json"], 2, "--trace: link.json is the scenario file; refusing to overwrite an input (choose another file)", { links: { "link.json": S } }),
    sim("defect 9: --vcd given the board file", ["run", "mine.json", "--vcd", "my.board.json"], 2, "--vcd: my.board.json is the board file; refusing to overwrite an input (choose another file)", {
        files: { "mine.json": readFileSync(join(ROOT, S), "utf8").replace('"board": "rp2040"', '"board": "my.board.json"'), "my.board.json": BOARD },
    }),
    sim("defect 9: --trace P --vcd P", ["run", S, "--trace", "out", "--vcd", "out"], 2, "--vcd: out is also the --trace file; give each output its own file"),
    sim("defect 9: --trace /dev/full is an I/O error, one line", ["run", S, "--trace", "/dev/full"], 2, "--trace: cannot write /dev/full: no space left on device"),
    sim("defect 9: --vcd /dev/full", ["run", S, "--vcd", "/dev/full"], 2, "--vcd: cannot write /dev/full: no space left on device"),
    sim("--trace into a directory", ["run", S, "--trace", "scenarios"], 2, "--trace: cannot write scenarios: is a directory, not a file"),
    sim("--trace into a directory that does not exist", ["run", S, "--trace", "no/such/t.json"], 2, "--trace: cannot write no/such/t.json: no such directory"),
    sim("--trace /dev/null is written in place", ["run", S, "--trace", "/dev/null", "--json"], 0, "", { stdout: /"board": "rp2040"/ }),
    sim("defect 9: an existing trace is kept when the scenario is bad", ["run", "bad.json", "--trace", "old.json"], 2, "bad.json: version: must be 1, got 2", { files: { "bad.json": '{"version":2}', "old.json": "precious" } }),
    sim("--trace and --vcd are written whole", ["run", S, "--trace", "t.json", "--vcd", "w.vcd", "--duration-ms", "5"], 0, "", { writes: ["t.json", "w.vcd"], stdout: /^trace: t\.json \(\d+ events\)\nwaveform: w\.vcd\n$/m }),
    sim("defects 5 and 9: Ctrl-C stops a long run; its trace is valid JSON and its VCD ends where it stopped", ["run", "scenarios/storm.json", "--duration-ms", "600000", "--trace", "t.json", "--vcd", "w.vcd", "--json"], 130, /^dpc-sim: scenarios\/storm\.json: interrupted at [\d.]+ ms of 600000 ms; the outputs end there\n$/, {
        files: { "w.vcd": "an old waveform" },
        writes: ["t.json", "w.vcd"],
        signal: { name: "SIGINT", afterMs: 3000 },
        check: dir => {
            const trace = JSON.parse(readFileSync(join(dir, "t.json"), "utf8"))
            if (!(trace.traceEvents.length > 100)) return "the trace is nearly empty"
            const vcd = readFileSync(join(dir, "w.vcd"), "utf8")
            return vcd.startsWith("$date") && /\n#\d+\n(?:[^#\n][^\n]*\n)*$/.test(vcd) ? null : `the VCD is not whole: ${JSON.stringify(vcd.slice(0, 40))} ... ${JSON.stringify(vcd.slice(-200))}`
        },
    }),
    sim("SIGTERM stops a long run too", ["run", "scenarios/storm.json", "--duration-ms", "600000"], 130, /^dpc-sim: scenarios\/storm\.json: interrupted at [\d.]+ ms of 600000 ms; the outputs end there\n$/, {
        signal: { name: "SIGTERM", afterMs: 3000 },
        stdout: /invariants: conservation, per-source order, no DPC on two threads at once: all hold\n$/,
    }),
    sim("a firmware scenario on another board follows its wiring (defect 11)", ["run", "scenarios/default.json", "--board", "esp32", "--host", "native", "--json"], 0, "", { stdout: /"name": "GPIO_INTR",\n\s+"core": 0,\n\s+"count": 604,/ }),
    sim("a firmware scenario on the single-core board", ["run", "scenarios/default.json", "--board", "esp32c3", "--duration-ms", "300", "--json"], 0, "", { stdout: /"board": "esp32c3"/ }),
    // the build and flash tools: their arguments (nothing is built or flashed here)
    tool("devs-build", ["--bogus"], 2, "--bogus: unknown option for devs-build (options: --board, --all, --kernel, --dry-run, --help)"),
    tool("devs-build", ["--board", "nope"], 2, "nope: unknown board 'nope' (known: esp32, esp32c3, esp32s3, rp2040; or give a path to a board file)"),
    tool("devs-build", ["--board"], 2, "--board: needs a value (ID)"),
    tool("devs-build", ["--all", "--board", "rp2040"], 2, "give only one of --board and --all"),
    tool("devs-build", ["rp2040"], 2, "takes no arguments, got 'rp2040'"),
    tool("devs-build", ["--board", "/dev/zero"], 2, "/dev/zero: larger than 1048576 bytes (the limit for a JSON input; docs/limits.md)"),
    tool("devs-flash", [], 2, "--board: is required: the board to flash (dpc-sim boards lists them)"),
    tool("devs-flash", ["--board", "nope"], 2, "--board: unknown board 'nope' (known: esp32, esp32c3, esp32s3, rp2040; or give a path to a board file)"),
    tool("devs-flash", ["--board", "rp2040", "--dry-run"], 0, "", { stdout: /: devs flash --board rp2040\n$/ }),
    tool("devs-flash", ["--board", "rp2040", "-h"], 0, "", { stdout: /^ {2}devs-flash --board ID/m }),
]

