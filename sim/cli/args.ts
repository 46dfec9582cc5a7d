/**
 * A small command-line parser: positional arguments and `--flag`, `--flag value` or
 * `--flag=value` options, each declared with its kind. Mistakes become InputError naming the
 * option (exit 2), never a stack trace.
 */
import { InputError } from "../input-error"

export type OptionKind = "boolean" | "string" | "number" | "integer"

export interface OptionSpec {
    kind: OptionKind
    /** Value placeholder and one-line help, for usage text. */
    value?: string
    help: string
}

export interface Parsed {
    positional: string[]
    options: { [name: string]: string | number | boolean }
}

export function parseArgs(argv: string[], specs: { [name: string]: OptionSpec }, command: string): Parsed {
    const out: Parsed = { positional: [], options: {} }
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i]
        if (!a.startsWith("--") || a === "--") {
            if (a.startsWith("-") && a !== "-" && a !== "--") throw new InputError(a, "", `unknown option (see ${command} --help)`)
            if (a !== "--") out.positional.push(a)
            continue
        }
        const eq = a.indexOf("=")
        const name = eq < 0 ? a.slice(2) : a.slice(2, eq)
        const spec = specs[name]
        if (spec === undefined) {
            const known = Object.keys(specs).map(k => "--" + k)
            throw new InputError(`--${name}`, "", `unknown option for ${command} (options: ${known.join(", ") || "none"})`)
        }
        if (spec.kind === "boolean") {
            if (eq >= 0) throw new InputError(`--${name}`, "", "takes no value")
            out.options[name] = true
            continue
        }
        let value: string
        if (eq >= 0) value = a.slice(eq + 1)
        else {
            if (i + 1 >= argv.length) throw new InputError(`--${name}`, "", `needs a value (${spec.value ?? spec.kind})`)
            value = argv[++i]
        }
        if (spec.kind === "string") {
            if (value === "") throw new InputError(`--${name}`, "", "needs a non-empty value")
            out.options[name] = value
        } else {
            const n = Number(value)
            if (value.trim() === "" || !Number.isFinite(n)) throw new InputError(`--${name}`, "", `must be a number, got '${value}'`)
            if (spec.kind === "integer" && !Number.isInteger(n)) throw new InputError(`--${name}`, "", `must be a whole number, got '${value}'`)
            out.options[name] = n
        }
    }
    return out
}

export function optionHelp(specs: { [name: string]: OptionSpec }): string[] {
    const rows = Object.entries(specs).map(([name, s]) => [`--${name}${s.value ? " " + s.value : ""}`, s.help])
    const w = Math.max(...rows.map(r => r[0].length))
    return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`)
}
