/**
 * The one command-line parser of dpc-sim, dpc-console and the tools. Node's `util.parseArgs`
 * splits the arguments (`--flag`, `--flag value`, `--flag=value`, `-h`, `--`); this module
 * gives them meaning from a declared CommandSpec: each option's kind, `--help`/`-h` on every
 * command, and one line for each mistake (an InputError naming the option: exit 2).
 *
 * Adding an option to a command is one entry in its `options`; the help text is made from the
 * same entries.
 */
import { parseArgs } from "node:util"
import { InputError } from "../input-error"

export type OptionKind = "boolean" | "string" | "number" | "integer"

export interface OptionSpec {
    kind: OptionKind
    /** Value placeholder for the help text (`ID`, `FILE.json`). */
    value?: string
    help: string
}

export interface CommandSpec {
    /** As the user types it: `dpc-sim run`. */
    name: string
    /** What follows the name in the usage line: `SCENARIO.json [options]`. */
    usage: string
    /** One line: what the command does. */
    summary: string
    /** How many positional arguments it takes, and what to call them in messages. */
    positionals: { min: number; max: number; what: string }
    options: { [name: string]: OptionSpec }
    /** Command lines shown under "examples:"; a test runs every one. */
    examples: string[]
    /** Text after the examples (exit codes, formats). */
    notes?: string
    /** Arguments that are neither its options nor help are let through instead of refused (devs-flash gives them to devs flash). */
    passThrough?: boolean
}

export interface ParsedArgs {
    /** `--help` or `-h` was given: show the help, do nothing else. */
    help: boolean
    positional: string[]
    options: { [name: string]: string | number | boolean }
}

function numberValue(flag: string, spec: OptionSpec, text: string): number {
    const n = Number(text)
    if (text.trim() === "" || !Number.isFinite(n)) throw new InputError(flag, "", `must be a number, got '${text}'`)
    if (spec.kind === "integer" && !Number.isInteger(n)) throw new InputError(flag, "", `must be a whole number, got '${text}'`)
    return n
}

/** Parses the arguments that follow the command's name. */
export function parseCommand(argv: string[], spec: CommandSpec): ParsedArgs {
    const types: { [name: string]: { type: "string" | "boolean" } } = {}
    for (const [name, o] of Object.entries(spec.options)) types[name] = { type: o.kind === "boolean" ? "boolean" : "string" }
    const { tokens } = parseArgs({ args: argv, options: types, strict: false, allowPositionals: true, tokens: true })
    const out: ParsedArgs = { help: false, positional: [], options: {} }
    // --help wins over every mistake on the same line.
    if (tokens.some(t => t.kind === "option" && (t.name === "help" || t.name === "h"))) return { ...out, help: true }
    for (const t of tokens) {
        if (t.kind === "positional") {
            if (!spec.passThrough) out.positional.push(t.value)
            continue
        }
        if (t.kind === "option-terminator") continue
        const o = Object.prototype.hasOwnProperty.call(spec.options, t.name) ? spec.options[t.name] : undefined
        if (o === undefined) {
            if (spec.passThrough) continue
            const known = Object.keys(spec.options).map(k => "--" + k)
            throw new InputError(t.rawName, "", `unknown option for ${spec.name} (options: ${[...known, "--help"].join(", ")})`)
        }
        const flag = `--${t.name}`
        if (Object.prototype.hasOwnProperty.call(out.options, t.name)) throw new InputError(flag, "", "given twice")
        if (o.kind === "boolean") {
            if (t.value !== undefined) throw new InputError(flag, "", `takes no value, got '${t.value}'`)
            out.options[t.name] = true
            continue
        }
        const v = t.value
        if (v === undefined || (!t.inlineValue && v.startsWith("--"))) throw new InputError(flag, "", `needs a value (${o.value ?? o.kind})`)
        if (v === "") throw new InputError(flag, "", `needs a non-empty value (${o.value ?? o.kind})`)
        out.options[t.name] = o.kind === "string" ? v : numberValue(flag, o, v)
    }
    const p = spec.positionals
    const n = out.positional.length
    // A subcommand names itself (`dpc-sim run: ...`); the tool's own name is already the line's prefix.
    const subject = spec.name.includes(" ") ? spec.name : ""
    if (n < p.min) throw new InputError(subject, "", `needs ${p.what} (${spec.name} ${spec.usage}; see ${spec.name} --help)`)
    if (n > p.max) {
        const args = out.positional.map(a => `'${a}'`).join(" ")
        throw new InputError(subject, "", p.max === 0 ? `takes no arguments, got ${args}` : `takes ${p.max === 1 ? "one argument" : `at most ${p.max} arguments`} (${p.what}), got ${n}: ${args}`)
    }
    return out
}

/** Aligned `  --name VALUE  help` lines. */
export function optionHelp(options: { [name: string]: OptionSpec }): string[] {
    const rows = Object.entries(options).map(([name, s]) => [`--${name}${s.value ? " " + s.value : ""}`, s.help])
    rows.push(["-h, --help", "this text"])
    const w = Math.max(...rows.map(r => r[0].length))
    return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`)
}

/** The `--help` text of one command. */
export function commandHelp(spec: CommandSpec): string {
    const parts = [`${spec.name}: ${spec.summary}`, "", "usage:", `  ${spec.name} ${spec.usage}`, "", "options:", ...optionHelp(spec.options)]
    if (spec.examples.length > 0) parts.push("", "examples:", ...spec.examples.map(e => `  ${e}`))
    if (spec.notes) parts.push("", spec.notes)
    return parts.join("\n") + "\n"
}
