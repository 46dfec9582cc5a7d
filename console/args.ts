import { InputError } from "./exit"

/** What the command line asked for. Exactly one input: a port, `--replay` or `--sim`. */
export interface ConsoleOptions {
    command: "help" | "list" | "read"
    port?: string
    baud: number
    replay?: string
    sim?: string
    seed?: number
    durationMs?: number
    board?: string
    policy?: string
    log?: string
    json: boolean
    /** line-by-line output even on a terminal */
    plain: boolean
}

export const USAGE =
    "usage: dpc-console PORT [--baud N] | --replay FILE | --sim SCENARIO.json [--seed N] [--duration-ms N] [--board ID] [--policy P]  [--log FILE] [--json] [--plain]; dpc-console list; dpc-console --help"

export const HELP = `dpc-console: reads the $DPC diagnostics lines of a board (or of the simulator) and shows
per-core, per-interrupt-line and per-DPC statistics live.

usage:
  dpc-console list                      serial ports: path, manufacturer, vendor:product id
  dpc-console PORT [options]            read a serial port (115200 8N1 by default)
  dpc-console --replay FILE [options]   read a captured log as if it came from the port
  dpc-console --sim SCENARIO.json [sim options] [options]
                                        run the simulator and read its UART

input:
  PORT                 serial device; a port that goes away is retried with backoff
                         dpc-console /dev/ttyACM0
  --baud N             baud rate (default 115200)
                         dpc-console /dev/ttyUSB0 --baud 921600
  --replay FILE        a capture (raw bytes, e.g. saved with --log); rates show "-"
                         dpc-console --replay capture.log
  --sim SCENARIO.json  run a scenario on the simulated board (rates use simulated time)
                         dpc-console --sim scenarios/default.json
  --seed N             simulator seed (with --sim)
                         dpc-console --sim s.json --seed 7
  --duration-ms N      simulated duration (with --sim)
                         dpc-console --sim s.json --duration-ms 250
  --board ID           board id or board file (with --sim)
                         dpc-console --sim s.json --board esp32
  --policy P           DPC assignment policy (with --sim)
                         dpc-console --sim s.json --policy round-robin

output:
  (default)            a live view on a terminal; line by line when stdout is not a terminal,
                       then the final view when the input ends
  --plain              line by line even on a terminal
                         dpc-console /dev/ttyACM0 --plain | tee session.txt
  --json               each accepted record as one JSON object per line, numbers as numbers
                         dpc-console --replay capture.log --json
  --log FILE           save the raw bytes received to FILE (overwritten)
                         dpc-console /dev/ttyACM0 --log capture.log
  -h, --help           this text

Lines that are not records pass through (dimmed on a terminal). Rejected lines are counted by
reason: bad-checksum, truncated, malformed, overlong (over 1024 bytes), garbage (not UTF-8 text,
or control bytes). A boot record (board reset) restarts the view.

exit codes: 0 ok; 1 a failure it was asked to check; 2 bad input (one line naming the port,
file or option and the reason).`

const VALUE_OPTIONS = ["--baud", "--replay", "--sim", "--seed", "--duration-ms", "--board", "--policy", "--log"]
const FLAG_OPTIONS = ["--json", "--plain", "--help", "-h"]
const SIM_ONLY = ["--seed", "--duration-ms", "--board", "--policy"]

function wholeNumber(option: string, text: string, min: number): number {
    if (!/^[0-9]+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text)))
        throw new InputError(`${option}: must be a whole number >= ${min}, got '${text}'`, true)
    return Number(text)
}

/** Parses the arguments after `dpc-console`; throws InputError (usage) for anything wrong. */
export function parseArgs(argv: string[]): ConsoleOptions {
    const o: ConsoleOptions = { command: "read", baud: 115200, json: false, plain: false }
    const seen = new Map<string, string>()
    const positional: string[] = []
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i]
        if (a === "--") {
            positional.push(...argv.slice(i + 1))
            break
        }
        if (!a.startsWith("-") || a === "-") {
            positional.push(a)
            continue
        }
        const eq = a.indexOf("=")
        const name = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a
        if (FLAG_OPTIONS.includes(name)) {
            if (eq > 0) throw new InputError(`${name}: takes no value`, true)
            seen.set(name, "")
            continue
        }
        if (!VALUE_OPTIONS.includes(name)) throw new InputError(`unknown option '${a}'`, true)
        let value: string
        if (eq > 0) value = a.slice(eq + 1)
        else if (i + 1 < argv.length) value = argv[++i]
        else throw new InputError(`${name}: needs a value`, true)
        if (seen.has(name)) throw new InputError(`${name}: given twice`, true)
        seen.set(name, value)
    }
    if (seen.has("--help") || seen.has("-h")) return { ...o, command: "help" }

    if (positional[0] === "list") {
        if (positional.length > 1 || seen.size > 0) throw new InputError("list: takes no arguments", true)
        return { ...o, command: "list" }
    }
    if (positional.length > 1) throw new InputError(`one port at a time, got '${positional.join("', '")}'`, true)
    if (positional.length === 1) o.port = positional[0]
    if (seen.has("--replay")) o.replay = seen.get("--replay")
    if (seen.has("--sim")) o.sim = seen.get("--sim")
    const inputs = [o.port, o.replay, o.sim].filter(x => x !== undefined).length
    if (inputs === 0) throw new InputError("missing input: give a PORT, --replay FILE or --sim SCENARIO.json", true)
    if (inputs > 1) throw new InputError("give only one of PORT, --replay and --sim", true)

    if (seen.has("--baud")) {
        if (o.port === undefined) throw new InputError("--baud: only with a PORT", true)
        o.baud = wholeNumber("--baud", seen.get("--baud")!, 1)
    }
    for (const name of SIM_ONLY)
        if (seen.has(name) && o.sim === undefined) throw new InputError(`${name}: only with --sim`, true)
    if (seen.has("--seed")) o.seed = wholeNumber("--seed", seen.get("--seed")!, 0)
    if (seen.has("--duration-ms")) o.durationMs = wholeNumber("--duration-ms", seen.get("--duration-ms")!, 1)
    if (seen.has("--board")) o.board = seen.get("--board")
    if (seen.has("--policy")) o.policy = seen.get("--policy")
    if (seen.has("--log")) o.log = seen.get("--log")
    o.json = seen.has("--json")
    o.plain = seen.has("--plain")
    if (o.json && o.plain) throw new InputError("give only one of --json and --plain", true)
    for (const [name, value] of seen)
        if (value === "" && VALUE_OPTIONS.includes(name)) throw new InputError(`${name}: empty value`, true)
    return o
}
