/**
 * A validator for the subset of JSON Schema (draft 2020-12) that the simulator's published
 * schemas use, so that the schema file users read is the one the simulator enforces. Errors
 * name the JSON path the way users write it (`dpcs[1].importance`) and say what is expected.
 *
 * Supported keywords: type (object, array, string, number, integer, boolean), enum, const,
 * properties, required, additionalProperties (false), items, minItems, maxItems, minimum,
 * exclusiveMinimum, maximum, minLength, pattern, $ref ("#/$defs/..."), and oneOf whose
 * branches are told apart by a `const` property (a discriminator such as `kind`). Annotations
 * (title, description, default, examples, $comment) are ignored.
 */
import { joinPath } from "../input-error"

export interface Schema {
    [keyword: string]: any
}

export interface SchemaError {
    path: string
    reason: string
}

const TYPE_WORDS: { [t: string]: string } = {
    object: "an object",
    array: "a list",
    string: "a string",
    number: "a number",
    integer: "a whole number",
    boolean: "true or false",
}

function typeOf(v: unknown): string {
    if (v === null) return "null"
    if (Array.isArray(v)) return "a list"
    if (typeof v === "number") return Number.isInteger(v) ? "a whole number" : "a number"
    if (typeof v === "object") return "an object"
    return `a ${typeof v}`
}

function hasType(v: unknown, t: string): boolean {
    switch (t) {
        case "object":
            return typeof v === "object" && v !== null && !Array.isArray(v)
        case "array":
            return Array.isArray(v)
        case "string":
            return typeof v === "string"
        case "number":
            return typeof v === "number" && Number.isFinite(v)
        case "integer":
            return typeof v === "number" && Number.isInteger(v)
        case "boolean":
            return typeof v === "boolean"
    }
    return false
}

/** Levenshtein distance, for "did you mean" on unknown keys. */
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

export function closest(word: string, candidates: string[]): string | null {
    let best: string | null = null
    let bestD = Math.max(2, Math.floor(word.length / 3)) + 1
    for (const c of candidates) {
        const d = distance(word.toLowerCase(), c.toLowerCase())
        if (d < bestD) {
            best = c
            bestD = d
        }
    }
    return best
}

function show(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(v)
}

export class SchemaValidator {
    constructor(private root: Schema) {}

    /** The first error in `value` (depth first, in document order), or null when it conforms. */
    validate(value: unknown): SchemaError | null {
        return this.check(value, this.root, "")
    }

    private resolve(s: Schema): Schema {
        let cur = s
        for (let guard = 0; cur.$ref !== undefined && guard < 16; guard++) {
            const ref: string = cur.$ref
            if (!ref.startsWith("#/")) throw new Error(`schema: unsupported $ref ${ref}`)
            let target: any = this.root
            for (const part of ref.slice(2).split("/")) target = target?.[part]
            if (target === undefined) throw new Error(`schema: $ref ${ref} points nowhere`)
            cur = target
        }
        return cur
    }

    private check(v: unknown, schema: Schema, path: string): SchemaError | null {
        const s = this.resolve(schema)
        const at = (reason: string): SchemaError => ({ path, reason })
        if (s.oneOf !== undefined) return this.checkOneOf(v, s, path)
        if (s.const !== undefined && v !== s.const) return at(`must be ${show(s.const)}`)
        if (s.enum !== undefined && !s.enum.includes(v)) return at(`must be one of ${s.enum.map(show).join(", ")}, got ${JSON.stringify(v)}`)
        if (s.type !== undefined) {
            const types: string[] = Array.isArray(s.type) ? s.type : [s.type]
            if (!types.some(t => hasType(v, t)))
                return at(`must be ${types.map(t => TYPE_WORDS[t] ?? t).join(" or ")}, got ${typeOf(v)}${typeof v === "string" ? ` "${v}"` : ""}`)
        }
        if (typeof v === "number") {
            if (s.minimum !== undefined && v < s.minimum) return at(`must be >= ${s.minimum}, got ${v}`)
            if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) return at(`must be > ${s.exclusiveMinimum}, got ${v}`)
            if (s.maximum !== undefined && v > s.maximum) return at(`must be <= ${s.maximum}, got ${v}`)
        }
        if (typeof v === "string") {
            if (s.minLength !== undefined && v.length < s.minLength) return at(v.length === 0 ? "must not be empty" : `must be at least ${s.minLength} characters`)
            if (s.pattern !== undefined && !new RegExp(s.pattern).test(v))
                return at(s.patternMessage ? `${s.patternMessage}, got "${v}"` : `must match ${s.pattern}, got "${v}"`)
        }
        if (Array.isArray(v)) {
            if (s.minItems !== undefined && v.length < s.minItems) return at(`must have at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`)
            if (s.maxItems !== undefined && v.length > s.maxItems) return at(`must have at most ${s.maxItems} items, got ${v.length}`)
            if (s.items !== undefined)
                for (let i = 0; i < v.length; i++) {
                    const e = this.check(v[i], s.items, joinPath(path, i))
                    if (e) return e
                }
        }
        if (hasType(v, "object")) return this.checkObject(v as { [k: string]: unknown }, s, path)
        return null
    }

    private checkObject(o: { [k: string]: unknown }, s: Schema, path: string): SchemaError | null {
        const props: { [k: string]: Schema } = s.properties ?? {}
        const known = Object.keys(props)
        for (const key of Object.keys(o)) {
            if (props[key] !== undefined) {
                const e = this.check(o[key], props[key], joinPath(path, key))
                if (e) return e
            } else if (s.additionalProperties === false) {
                const guess = closest(key, known)
                return {
                    path: joinPath(path, key),
                    reason: `unknown key${guess ? ` (did you mean '${guess}'?)` : ""}; known keys: ${known.join(", ")}`,
                }
            }
        }
        for (const key of s.required ?? []) if (o[key] === undefined) return { path: path || "(top level)", reason: `missing required key '${key}'` }
        return null
    }

    /** oneOf told apart by a const-valued property: the branch whose const matches is checked. */
    private checkOneOf(v: unknown, s: Schema, path: string): SchemaError | null {
        const branches: Schema[] = s.oneOf.map((b: Schema) => this.resolve(b))
        const tag: string | undefined = s.discriminator
        if (tag === undefined) throw new Error("schema: oneOf needs a 'discriminator' property name")
        if (!hasType(v, "object")) return { path, reason: `must be an object, got ${typeOf(v)}` }
        const o = v as { [k: string]: unknown }
        const values = branches.map(b => b.properties?.[tag]?.const)
        if (o[tag] === undefined) return { path: path || "(top level)", reason: `missing required key '${tag}' (one of ${values.join(", ")})` }
        const i = values.indexOf(o[tag])
        if (i < 0) return { path: joinPath(path, tag), reason: `must be one of ${values.join(", ")}, got ${JSON.stringify(o[tag])}` }
        return this.check(v, branches[i], path)
    }
}
