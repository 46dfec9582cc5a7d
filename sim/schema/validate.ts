/**
 * Validation against the published JSON Schemas (draft 2020-12) with Ajv, so that the schema
 * file users point their editor at is the one the simulator enforces. Ajv's first error becomes
 * one line that names the JSON path the way users write it (`dpcs[1].importance`), says what is
 * expected and shows the value that was given.
 *
 * Beyond the standard keywords the schemas use `discriminator` (OpenAPI's, which Ajv knows:
 * oneOf branches told apart by a property's const, so an error is about the branch the item
 * chose) and `patternMessage` (ours: the words for a `pattern`; an annotation to Ajv).
 */
import Ajv2020, { ErrorObject, ValidateFunction } from "ajv/dist/2020"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { SCHEMA_DIR } from "../paths"

export interface SchemaError {
    path: string
    reason: string
}

/** `/dpcs/1/importance` as users write it: `dpcs[1].importance`. */
export function userPath(pointer: string): string {
    let out = ""
    for (const raw of pointer.split("/").slice(1)) {
        const part = raw.replace(/~1/g, "/").replace(/~0/g, "~")
        out += /^\d+$/.test(part) ? `[${part}]` : out === "" ? part : `.${part}`
    }
    return out
}

/** Levenshtein distance, for "did you mean" on unknown keys and names. */
function distance(a: string, b: string): number {
    const row: number[] = []
    for (let j = 0; j <= b.length; j++) row.push(j)
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0]
        row[0] = i
        for (let j = 1; j <= b.length; j++) {
            const cur = row[j]
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
            prev = cur
        }
    }
    return row[b.length]
}

/** The candidate nearest `word`, when it is near enough to be a typo of it. */
export function closest(word: string, candidates: string[]): string | null {
    let best: string | null = null
    let bestD = Math.max(2, Math.floor(word.length / 3)) + 1
    if (word.length > 64) return null
    for (const c of candidates) {
        const d = distance(word.toLowerCase(), c.toLowerCase())
        if (d < bestD) {
            best = c
            bestD = d
        }
    }
    return best
}

/** A value as the message shows it: short, on one line (a list or an object by its kind only). */
export function shown(v: unknown): string {
    if (Array.isArray(v)) return "a list"
    if (v === null) return "null"
    if (typeof v === "object") return "an object"
    const text = typeof v === "string" ? JSON.stringify(v) : String(v)
    return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

const TYPE_WORDS: { [t: string]: string } = {
    object: "an object",
    array: "a list",
    string: "a string",
    number: "a number",
    integer: "a whole number",
    boolean: "true or false",
    null: "null",
}

function typeOf(v: unknown): string {
    if (v === null) return "null"
    if (Array.isArray(v)) return "a list"
    if (typeof v === "number") return !Number.isFinite(v) ? "a number too large to hold" : Number.isInteger(v) ? "a whole number" : "a number"
    if (typeof v === "object") return "an object"
    return `a ${typeof v}`
}

/** One line for Ajv's error. */
function describe(e: ErrorObject): SchemaError {
    const path = userPath(e.instancePath)
    const p = e.params as any
    const got = `got ${shown(e.data)}`
    const at = (reason: string, where = path): SchemaError => ({ path: where || "(top level)", reason })
    switch (e.keyword) {
        case "type": {
            const types: string[] = Array.isArray(p.type) ? p.type : String(p.type).split(",")
            const v = e.data
            const value = typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) ? ` ${shown(v)}` : ""
            return at(`must be ${types.map(t => TYPE_WORDS[t] ?? t).join(" or ")}, got ${typeOf(v)}${value}`)
        }
        case "enum":
            return at(`must be one of ${p.allowedValues.map((x: unknown) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ")}, ${got}`)
        case "const":
            return at(`must be ${JSON.stringify(p.allowedValue)}, ${got}`)
        case "minimum":
        case "maximum":
        case "exclusiveMinimum":
        case "exclusiveMaximum":
            return at(`must be ${p.comparison} ${p.limit}, ${got}`)
        case "minLength":
            return at(p.limit === 1 ? "must not be empty" : `must be at least ${p.limit} characters, ${got}`)
        case "maxLength":
            return at(`must be at most ${p.limit} characters, got ${(e.data as string).length}`)
        case "pattern": {
            const words = (e.parentSchema as any)?.patternMessage
            return at(`${words ?? `must match ${p.pattern}`}, ${got}`)
        }
        case "minItems":
            return at(`must have at least ${p.limit} item${p.limit === 1 ? "" : "s"}, got ${(e.data as unknown[]).length}`)
        case "maxItems":
            return at(`must have at most ${p.limit} items, got ${(e.data as unknown[]).length}`)
        case "minProperties":
            return at(`must have at least ${p.limit} key${p.limit === 1 ? "" : "s"}`)
        case "maxProperties":
            return at(`must have at most ${p.limit} keys, got ${Object.keys(e.data as object).length}`)
        case "required":
            return at(`missing required key '${p.missingProperty}'`)
        case "additionalProperties": {
            const known = Object.keys((e.parentSchema as any)?.properties ?? {})
            const guess = closest(p.additionalProperty, known)
            const where = path === "" ? p.additionalProperty : `${path}.${p.additionalProperty}`
            return at(`unknown key${guess ? ` (did you mean '${guess}'?)` : ""}; known keys: ${known.join(", ")}`, where)
        }
        case "discriminator": {
            const tags = ((e.parentSchema as any)?.oneOf ?? []).map((b: any) => b.properties?.[p.tag]?.const)
            if (p.error === "tag" && (e.data as any)?.[p.tag] === undefined) return at(`missing required key '${p.tag}' (one of ${tags.join(", ")})`)
            return at(`must be one of ${tags.join(", ")}, got ${shown((e.data as any)?.[p.tag])}`, path === "" ? p.tag : `${path}.${p.tag}`)
        }
        default:
            return at(`${e.message ?? "is not valid"}, ${got}`)
    }
}

/**
 * The Ajv every schema is compiled with. `strict` refuses anything in a schema Ajv does not
 * know. The schemas themselves are checked against the JSON Schema meta-schema by a test
 * (test/sim/schema.test.ts), not at every start, and the code is not optimized: together that
 * makes compiling a schema 5x faster (a few tens of ms), which every command pays once.
 */
export function makeAjv(checkSchemas = false): Ajv2020 {
    const ajv = new Ajv2020({ allErrors: false, verbose: true, discriminator: true, strict: true, validateSchema: checkSchemas, code: { optimize: false } })
    ajv.addKeyword({ keyword: "patternMessage", schemaType: "string" })
    return ajv
}

/** A schema of sim/schema/ compiled once; `validate` gives the first error or null. */
export class SchemaValidator {
    private check: ValidateFunction

    constructor(readonly schemaFile: string) {
        this.check = makeAjv().compile(JSON.parse(readFileSync(join(SCHEMA_DIR, schemaFile), "utf8")))
    }

    validate(value: unknown): SchemaError | null {
        if (this.check(value)) return null
        return describe(this.check.errors![0])
    }
}
