/**
 * dpc-sim: the board simulator's command line. One module per command; the parser, exit codes
 * and error lines are the ones every tool shares (args.ts, tool.ts): 0 ok, 1 an invariant
 * broke, 2 bad input (one line naming the file and the field), 130 interrupted.
 */
import { VERSION } from "../../src/kernel"
import { InputError } from "../input-error"
import { CommandSpec, commandHelp, parseCommand } from "./args"
import { BOARDS_COMMAND, boardsCommand } from "./boards-command"
import { RUN_COMMAND, runCommand } from "./run-command"
import { runTool } from "./tool"
import { VALIDATE_COMMAND, validateCommand } from "./validate-command"

const COMMANDS: { [name: string]: { spec: CommandSpec; run: (positional: string[], options: { [name: string]: any }) => number | Promise<number> } } = {
    run: { spec: RUN_COMMAND, run: runCommand },
    validate: { spec: VALIDATE_COMMAND, run: validateCommand },
    boards: { spec: BOARDS_COMMAND, run: boardsCommand },
}

/** `dpc-sim` alone or with --help: the commands, each with its usage and examples. */
export const DPC_SIM: CommandSpec = {
    name: "dpc-sim",
    usage: "COMMAND [options]   (dpc-sim COMMAND --help for one command)",
    summary: `deterministic simulator of dual-core boards running the DPC kernel (version ${VERSION})`,
    positionals: { min: 1, max: Infinity, what: "a command" },
    options: { version: { kind: "boolean", help: "print the version" } },
    examples: Object.values(COMMANDS).flatMap(c => c.spec.examples),
    notes: [
        "commands:",
        ...Object.values(COMMANDS).map(c => `  ${`${c.spec.name} ${c.spec.usage}`.padEnd(44)}  ${c.spec.summary}`),
        "",
        "Scenario format: docs/scenario.md (schema: sim/schema/scenario.schema.json). Exit codes: 0 ok,",
        "1 an invariant broke, 2 bad input, 130 interrupted (docs/cli.md).",
    ].join("\n"),
}

export async function main(argv: string[]): Promise<number> {
    const [name, ...rest] = argv
    const command = name === undefined ? undefined : Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined
    if (command === undefined) {
        const top = parseCommand(argv, { ...DPC_SIM, positionals: { min: 0, max: Infinity, what: "a command" } })
        if (top.help || name === "help") {
            process.stdout.write(commandHelp(DPC_SIM))
            return 0
        }
        if (top.options.version) {
            console.log(VERSION)
            return 0
        }
        if (name === undefined) {
            process.stderr.write(`dpc-sim: needs a command (${Object.keys(COMMANDS).join(", ")}; see dpc-sim --help)\n`)
            return 2
        }
        throw new InputError(name, "", `unknown command (commands: ${Object.keys(COMMANDS).join(", ")}; see dpc-sim --help)`)
    }
    const args = parseCommand(rest, command.spec)
    if (args.help) {
        process.stdout.write(commandHelp(command.spec))
        return 0
    }
    return command.run(args.positional, args.options)
}

if (require.main === module || require.main?.filename.endsWith("dpc-sim.js")) runTool("dpc-sim", main)
