import { closeSync, fstatSync, openSync, readSync } from "node:fs"
import { InputError } from "./input-error"
import { fsReason } from "./output/output-file"

/** Largest JSON input read (scenario and board files): 1 MiB. Reading stops there. */
export const MAX_JSON_BYTES = 1024 * 1024

/** Line and column (1-based) of character `pos` in `text`. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
    let line = 1
    let col = 1
    for (let i = 0; i < pos && i < text.length; i++) {
        if (text.charCodeAt(i) === 10) {
            line++
            col = 1
        } else col++
    }
    return { line, column: col }
}

/**
 * The first key that appears twice in one object of (valid) JSON text, with where it is:
 * JSON.parse keeps the last silently, so `"version": 2, "version": 1` would pass as 1.
 */
export function duplicateKey(text: string): { path: string; key: string; pos: number } | null {
    // A stack of open containers: for an object, its keys so far and the key being read.
    const stack: { keys: Set<string> | null; path: string; index: number; key: string }[] = []
    let expectKey = false
    for (let i = 0; i < text.length; i++) {
        const c = text[i]
        const top = stack[stack.length - 1]
        if (c === '"') {
            let j = i + 1
            while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1
            if (top && top.keys !== null && expectKey) {
                const key = JSON.parse(text.slice(i, j + 1)) as string
                if (top.keys.has(key)) return { path: top.path ? `${top.path}.${key}` : key, key, pos: i }
                top.keys.add(key)
                top.key = key
                expectKey = false
            }
            i = j
        } else if (c === "{" || c === "[") {
            const path = top === undefined ? "" : top.keys !== null ? (top.path ? `${top.path}.${top.key}` : top.key) : `${top.path}[${top.index}]`
            stack.push({ keys: c === "{" ? new Set() : null, path, index: 0, key: "" })
            expectKey = c === "{"
        } else if (c === "}" || c === "]") {
            stack.pop()
        } else if (c === ",") {
            if (top && top.keys !== null) expectKey = true
            else if (top) top.index++
        }
    }
    return null
}

/** Parses JSON text; a syntax error or a duplicate key becomes an InputError naming `shown` and where. */
export function parseJsonText(text: string, shown: string): unknown {
    let value: unknown
    try {
        value = JSON.parse(text)
    } catch (e: any) {
        const msg = String(e?.message ?? e)
        const m = /at position (\d+)/.exec(msg)
        const reason = "malformed JSON: " + msg.replace(/ in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "")
        if (m) {
            const { line, column } = lineColumn(text, Number(m[1]))
            throw new InputError(shown, `line ${line}, column ${column}`, reason)
        }
        if (text.trim().length === 0) throw new InputError(shown, "", "malformed JSON: the file is empty")
        throw new InputError(shown, "", reason)
    }
    const dup = duplicateKey(text)
    if (dup !== null) {
        const { line, column } = lineColumn(text, dup.pos)
        throw new InputError(shown, dup.path, `key '${dup.key}' is given twice (line ${line}, column ${column}); give it once`)
    }
    return value
}

/** Reads a text file of at most `limit` bytes: an InputError for a missing, unreadable or larger file (read stops at the limit). */
export function readLimited(path: string, shown: string, limit = MAX_JSON_BYTES): string {
    let fd: number
    try {
        fd = openSync(path, "r")
    } catch (e: any) {
        throw new InputError(shown, "", e?.code === "EISDIR" ? "is a directory, not a file" : fsReason(e))
    }
    try {
        if (fstatSync(fd).isDirectory()) throw new InputError(shown, "", "is a directory, not a file")
        const buf = Buffer.alloc(limit + 1)
        let n = 0
        for (;;) {
            const got = readSync(fd, buf, n, buf.length - n, null)
            if (got === 0) break
            n += got
            if (n > limit) throw new InputError(shown, "", `larger than ${limit} bytes (the limit for a JSON input; docs/limits.md)`)
        }
        return buf.subarray(0, n).toString("utf8")
    } catch (e: any) {
        if (e instanceof InputError) throw e
        throw new InputError(shown, "", e?.code === "EISDIR" ? "is a directory, not a file" : `cannot read: ${fsReason(e)}`)
    } finally {
        closeSync(fd)
    }
}

/** Reads and parses a JSON file; a missing, unreadable or too large file, bad JSON or a duplicate key is an InputError. */
export function parseJsonFile(path: string, shown = path): unknown {
    const text = readLimited(path, shown)
    return parseJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, shown)
}
