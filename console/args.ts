/**
 * dpc-console's commands and options, parsed by the project's one parser (sim/cli/args.ts);
 * this file says what they mean together (exactly one input, options that belong to one).
 */
import { InputError } from "../sim/input-error"
import { CommandSpec, commandHelp, parseCommand } from "../sim/cli/args"
import { SIM_OPTIONS, simOverrides } from "../sim/cli/run-command"
import { Overrides } from "../sim/scenario/load"

/** What the command line asked for. Exactly one input: a port, `--replay` or `--sim`. */
export interface ConsoleOptions {
    command: "help" | "list" | "read"
    /** The help text to show (command "help"). */
    help?: string
    port?: string
    baud: number
    replay?: string
    sim?: string
    /** --board, --policy, --seed, --duration-ms for --sim */
    simOverrides: Overrides
    log?: string
    json: boolean
    /** line-by-line output even on a terminal */
    plain: boolean
}

const MAX_BAUD = 10_000_000

export const CONSOLE_COMMAND: CommandSpec = {
    name: "dpc-console",
    usage: "PORT [--baud N] | --replay FILE | --sim SCENARIO.json [sim options]   [--log FILE] [--json | --plain]",
    summary: "reads the $DPC diagnostics lines of a board (or of the simulator) and shows per-core, per-interrupt-line and per-DPC statistics live",
    positionals: { min: 0, max: 1, what: "a serial port" },
    options: {
        baud: { kind: "integer", value: "N", help: "baud rate of PORT (default 115200, 8N1); a port that goes away is retried" },
        replay: { kind: "string", value: "FILE", help: "read a capture (raw bytes, as --log saves them) as if it came from the port" },
        sim: { kind: "string", value: "SCENARIO.json", help: "run a scenario on the simulated board and read its UART (rates in simulated time)" },
        ...SIM_OPTIONS,
        log: { kind: "string", value: "FILE", help: "append the raw bytes received to FILE (never an input; opened once the input is)" },
        json: { kind: "boolean", help: "print each accepted record as one JSON object per line, numbers as numbers" },
        plain: { kind: "boolean", help: "print line by line even on a terminal (the default when stdout is not one)" },
    },
    examples: [
        "dpc-console list",
        "dpc-console /dev/ttyACM0",
        "dpc-console /dev/ttyACM0 --log capture.log",
        "dpc-console /dev/ttyUSB0 --baud 921600 --plain",
        "dpc-console --replay capture.log --json",
        "dpc-console --sim scenarios/default.json",
        "dpc-console --sim scenarios/policy-cores.json --seed 7 --duration-ms 3000",
        "dpc-console --sim scenarios/default.json --board esp32 --policy round-robin --plain",
    ],
    notes: `The sim options (--board, --policy, --seed, --duration-ms) go with --sim only. On a terminal the view
is redrawn live; otherwise every line is printed as it comes, then the final view. Lines that are not
records pass through. Rejected lines are counted by reason: bad-checksum, truncated, malformed,
overlong (over 1024 bytes), garbage (not UTF-8 text, or control bytes). A boot record (board reset)
restarts the view. Ctrl-C ends a session (exit 0).

Exit codes: 0 ok; 2 bad input (one line naming the port, file or option); docs/cli.md.`,
}

export const LIST_COMMAND: CommandSpec = {
    name: "dpc-console list",
    usage: "",
    summary: "list the serial ports: path, manufacturer, vendor:product id",
    positionals: { min: 0, max: 0, what: "arguments" },
    options: {},
    examples: ["dpc-console list"],
}

/** Parses the arguments after `dpc-console`; throws InputError for anything wrong. */
export function parseConsoleArgs(argv: string[]): ConsoleOptions {
    const o: ConsoleOptions = { command: "read", baud: 115200, json: false, plain: false, simOverrides: {} }
    if (argv[0] === "list") {
        const list = parseCommand(argv.slice(1), LIST_COMMAND)
        return list.help ? { ...o, command: "help", help: commandHelp(LIST_COMMAND) } : { ...o, command: "list" }
    }
    const a = parseCommand(argv, CONSOLE_COMMAND)
    if (a.help) return { ...o, command: "help", help: commandHelp(CONSOLE_COMMAND) }
    const opt = a.options as { [name: string]: any }
    o.port = a.positional[0]
    o.replay = opt.replay
    o.sim = opt.sim
    const inputs = [o.port, o.replay, o.sim].filter(x => x !== undefined).length
    if (inputs === 0) throw new InputError("", "", "missing input: give a PORT, --replay FILE or --sim SCENARIO.json (see dpc-console --help)")
    if (inputs > 1) throw new InputError("", "", "give only one of PORT, --replay and --sim")
    if (opt.baud !== undefined) {
        if (o.port === undefined) throw new InputError("--baud", "", "only with a PORT")
        if (!(opt.baud >= 1 && opt.baud <= MAX_BAUD)) throw new InputError("--baud", "", `must be a whole number from 1 to ${MAX_BAUD}, got ${opt.baud}`)
        o.baud = opt.baud
    }
    for (const name of Object.keys(SIM_OPTIONS)) if (opt[name] !== undefined && o.sim === undefined) throw new InputError(`--${name}`, "", "only with --sim")
    o.simOverrides = simOverrides(opt)
    o.log = opt.log
    o.json = opt.json === true
    o.plain = opt.plain === true
    if (o.json && o.plain) throw new InputError("", "", "give only one of --json and --plain")
    return o
}
