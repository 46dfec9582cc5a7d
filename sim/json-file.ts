import { readFileSync } from "node:fs"
import { InputError } from "./input-error"

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

/** Parses JSON text; a syntax error becomes an InputError naming `shown` and the line and column. */
export function parseJsonText(text: string, shown: string): unknown {
    try {
        return JSON.parse(text)
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
}

/** Reads and parses a JSON file; a missing or unreadable file or bad JSON is an InputError. */
export function parseJsonFile(path: string, shown = path): unknown {
    let text: string
    try {
        text = readFileSync(path, "utf8")
    } catch (e: any) {
        throw new InputError(shown, "", e?.code === "ENOENT" ? "no such file" : e?.code === "EISDIR" ? "is a directory, not a file" : `cannot read: ${e?.message ?? e}`)
    }
    return parseJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, shown)
}
