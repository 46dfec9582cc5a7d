/**
 * dpc-sim: the board simulator's command line (SPEC 3.1). One module per command; exit codes
 * live here: 0 ok, 1 a check the run was asked to make failed (an invariant), 2 bad input
 * (one line naming the file and the field).
 */
import { VERSION } from "../../src/kernel"
import { InputError } from "../input-error"
import { optionHelp, parseArgs } from "./args"
import { boardsCommand } from "./boards-command"
import { RUN_OPTIONS, runCommand } from "./run-command"
import { validateCommand } from "./validate-command"

const HELP = `dpc-sim ${VERSION}: deterministic simulator of dual-core boards running the DPC kernel

usage:
  dpc-sim run SCENARIO.json [options]   simulate; print the report (or --json summary)
  dpc-sim validate FILE...              check scenario files without running them
  dpc-sim boards                        list the boards (boards/*.board.json)
  dpc-sim --help | --version

run options:
${optionHelp(RUN_OPTIONS).join("\n")}

examples:
  dpc-sim run scenarios/cores.json
  dpc-sim run scenarios/cores.json --policy single-thread --duration-ms 500
  dpc-sim run scenarios/burst.json --json > summary.json
  dpc-sim run scenarios/bounce.json --trace bounce.json --vcd bounce.vcd
  dpc-sim validate scenarios/*.json

Scenario format: sim/schema/scenario.schema.json (SPEC 3.2). Exit codes: 0 ok, 1 an invariant
broke, 2 bad input.
`

export function main(argv: string[]): number {
    const [command, ...rest] = argv
    try {
        switch (command) {
            case undefined:
            case "help":
            case "--help":
            case "-h":
                process.stdout.write(HELP)
                return command === undefined ? 2 : 0
            case "--version":
                console.log(VERSION)
                return 0
            case "run": {
                const { positional, options } = parseArgs(rest, RUN_OPTIONS, "dpc-sim run")
                return runCommand(positional, options)
            }
            case "validate":
                return validateCommand(parseArgs(rest, {}, "dpc-sim validate").positional)
            case "boards":
                parseArgs(rest, {}, "dpc-sim boards")
                return boardsCommand()
            default:
                throw new InputError(command, "", "unknown command (commands: run, validate, boards; see dpc-sim --help)")
        }
    } catch (e: any) {
        if (e instanceof InputError) {
            process.stderr.write(`dpc-sim: ${e.message}\n`)
            return 2
        }
        process.stderr.write(`dpc-sim: internal error: ${e?.message ?? e}\n`)
        if (process.env.DPC_SIM_DEBUG) process.stderr.write(`${e?.stack}\n`)
        else process.stderr.write("(set DPC_SIM_DEBUG=1 for the stack; please report it)\n")
        return 70
    }
}

if (require.main === module || require.main?.filename.endsWith("dpc-sim.js")) process.exitCode = main(process.argv.slice(2))
