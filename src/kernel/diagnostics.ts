/**
 * Diagnostics lines (SPEC 3.4), shared by firmware, simulator and console:
 *
 *     $DPC,<kind>,<key>=<value>,...*<hh>
 *
 * `<hh>` is the XOR of the bytes between `$` and `*`, as two upper-case hex digits (NMEA 0183).
 * Lines are ASCII. In values, the bytes `% , * $ =` and anything outside printable ASCII are
 * written as `%XX` (a UTF-16 unit above 0xFF as `?`), so a value never breaks the framing.
 * Numbers are written by `formatNumber`, identically on every host.
 */
export const DIAG_TAG = "DPC"
/**
 * Longest record, in characters (without the newline). DeviceScript prints a log line on a
 * board through a 160-byte buffer with its `> ` prefix (jacdac-c JD_DMESG_LINE_BUFFER on RP2040),
 * so a longer record would reach the serial port cut off.
 */
export const MAX_RECORD = 156
const PREFIX = "$DPC,"
const HEX = "0123456789ABCDEF"

/** A parsed record: its kind and its fields in line order, values decoded but still text. */
export interface DiagRecord {
    kind: string
    keys: string[]
    values: string[]
}

/** Why a line was not accepted. `text` lines are not records at all (log output, passed through). */
export type ParseStatus = "ok" | "text" | "truncated" | "bad-checksum" | "malformed"

export interface ParseResult {
    status: ParseStatus
    record: DiagRecord | null
}

/** XOR of the character codes of `s` (their low bytes): the portable implementation. */
export function checksumOf(s: string): number {
    let x = 0
    for (let i = 0; i < s.length; i++) x ^= s.charCodeAt(i) & 0xff
    return x
}

/**
 * The checksum the formatter uses: checksumOf, unless a host installs one that is faster on it
 * and gives the same result for ASCII text (the DeviceScript port XORs 32-bit words of a
 * buffer: src/port/word-checksum.ts). Lines are ASCII by construction (see encodeValue).
 */
let lineChecksum: (s: string) => number = checksumOf

/** Installs the host's checksum (see lineChecksum); `checksumOf` restores the portable one. */
export function useChecksum(f: (s: string) => number): void {
    lineChecksum = f
}

export function hex2(n: number): string {
    return HEX.charAt((n >> 4) & 15) + HEX.charAt(n & 15)
}

/**
 * A number as diagnostics text: whole numbers in full, others rounded to 3 decimals with
 * trailing zeros removed (12.5, 0.333). Not-a-number and infinities become `nan`, `inf`, `-inf`.
 */
export function formatNumber(x: number): string {
    // Whole numbers first (nearly every field): NaN and the infinities fail this test.
    if (x - Math.floor(x) === 0) return x === 0 ? "0" : "" + x
    if (isNaN(x)) return "nan"
    if (x === Infinity) return "inf"
    if (x === -Infinity) return "-inf"
    const neg = x < 0
    const milli = Math.round((neg ? -x : x) * 1000)
    const whole = Math.floor(milli / 1000)
    let frac = milli - whole * 1000
    let digits = ""
    if (frac > 0) {
        digits = "" + Math.floor(frac / 100) + Math.floor((frac % 100) / 10) + (frac % 10)
        while (digits.charAt(digits.length - 1) === "0") digits = digits.slice(0, digits.length - 1)
    }
    const body = digits.length > 0 ? `${whole}.${digits}` : `${whole}`
    return neg && milli > 0 ? "-" + body : body
}

/** True when `c` (a character code) is written as is in a value. */
function plain(c: number): boolean {
    return c >= 0x20 && c <= 0x7e && c !== 37 && c !== 44 && c !== 42 && c !== 36 && c !== 61 // % , * $ =
}

/** Escapes a text value for a field (see the file comment). */
export function encodeValue(s: string): string {
    let i = 0
    while (i < s.length && plain(s.charCodeAt(i))) i++
    if (i === s.length) return s // the usual case: nothing to escape
    let out = s.slice(0, i)
    for (; i < s.length; i++) {
        const c = s.charCodeAt(i)
        if (c > 0xff) out += "?"
        else if (!plain(c)) out += "%" + hex2(c)
        else out += s.charAt(i)
    }
    return out
}

/** Value of one hex digit (either case), or -1. */
function hexDigit(ch: string): number {
    return ch.length === 1 ? HEX.indexOf(ch.toUpperCase()) : -1
}

/** Reverses encodeValue; returns null when a `%` escape is broken. */
export function decodeValue(s: string): string | null {
    if (s.indexOf("%") < 0) return s
    let out = ""
    for (let i = 0; i < s.length; i++) {
        const ch = s.charAt(i)
        if (ch !== "%") {
            out += ch
            continue
        }
        if (i + 2 >= s.length) return null
        const hi = hexDigit(s.charAt(i + 1))
        const lo = hexDigit(s.charAt(i + 2))
        if (hi < 0 || lo < 0) return null
        out += String.fromCharCode(hi * 16 + lo)
        i += 2
    }
    return out
}

function isKeyChar(c: number): boolean {
    return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95
}

function isKey(s: string): boolean {
    if (s.length === 0) return false
    for (let i = 0; i < s.length; i++) if (!isKeyChar(s.charCodeAt(i))) return false
    return true
}

/**
 * A record's line from its body (`DPC,<kind>,<key>=<value>,...`, field-safe text): the body
 * framed by `$` and `*<checksum>`. Every record is sealed here, with the host's checksum.
 */
export function sealRecord(body: string): string {
    return "$" + body + "*" + hex2(lineChecksum(body))
}

/**
 * Formats one record. `keys` are lower-case identifiers ([a-z0-9_]); values are numbers or
 * text (any text: it is encoded). Returns the line without its terminating newline.
 */
export function formatRecord(kind: string, keys: string[], values: (string | number)[]): string {
    if (!isKey(kind)) throw new Error(`diagnostics: bad record kind '${kind}'`)
    if (keys.length !== values.length) throw new Error(`diagnostics: ${keys.length} keys for ${values.length} values`)
    let body = DIAG_TAG + "," + kind
    for (let i = 0; i < keys.length; i++) {
        const key = keys[i]
        if (!isKey(key) || key === "kind") throw new Error(`diagnostics: bad key '${key}' in a '${kind}' record`)
        const v = values[i]
        body += "," + key + "=" + (typeof v === "number" ? formatNumber(v) : encodeValue(v))
    }
    return sealRecord(body)
}

/**
 * Parses one line (trailing CR/LF and spaces ignored). A record may be preceded by garbage on
 * the same line (a reset mid-line); parsing starts at the first `$DPC,`. Lines with no `$DPC,`
 * are `text`.
 */
export function parseLine(line: string): ParseResult {
    let end = line.length
    while (end > 0) {
        const c = line.charCodeAt(end - 1)
        if (c === 13 || c === 10 || c === 32 || c === 9) end--
        else break
    }
    const start = line.indexOf(PREFIX)
    if (start < 0 || start >= end) return { status: "text", record: null }
    const star = line.lastIndexOf("*")
    if (star < start || end - star !== 3) return { status: "truncated", record: null }
    const body = line.slice(start + 1, star)
    const hi = hexDigit(line.charAt(star + 1))
    const lo = hexDigit(line.charAt(star + 2))
    if (hi < 0 || lo < 0) return { status: "truncated", record: null }
    if (hi * 16 + lo !== checksumOf(body)) return { status: "bad-checksum", record: null }
    const parts = body.split(",")
    // parts[0] is "DPC"
    const kind = parts.length > 1 ? parts[1] : ""
    if (!isKey(kind)) return { status: "malformed", record: null }
    const keys: string[] = []
    const values: string[] = []
    for (let i = 2; i < parts.length; i++) {
        const eq = parts[i].indexOf("=")
        if (eq <= 0) return { status: "malformed", record: null }
        const key = parts[i].slice(0, eq)
        const value = decodeValue(parts[i].slice(eq + 1))
        if (!isKey(key) || value === null) return { status: "malformed", record: null }
        keys.push(key)
        values.push(value)
    }
    return { status: "ok", record: { kind: kind, keys: keys, values: values } }
}

/**
 * The number a field's text stands for, when it is written the way formatNumber writes
 * numbers (`-12`, `3.25`); otherwise NaN. Exact: the digits are combined as one integer and
 * divided once by a power of ten, so the result is the double nearest the decimal text.
 */
export function numberOf(text: string): number {
    let i = 0
    let neg = false
    if (text.charAt(0) === "-") {
        neg = true
        i = 1
    }
    if (i >= text.length) return NaN
    let mant = 0
    let scale = 1
    let digits = 0
    let dot = false
    for (; i < text.length; i++) {
        const c = text.charCodeAt(i)
        if (c === 46) {
            if (dot || digits === 0) return NaN
            dot = true
            continue
        }
        if (c < 48 || c > 57) return NaN
        mant = mant * 10 + (c - 48)
        digits++
        if (dot) scale *= 10
    }
    // Above 2^53 the digits no longer combine exactly; such a field stays text.
    if (digits === 0 || (dot && scale === 1) || mant > 9007199254740991) return NaN
    const v = mant / scale
    return neg ? -v : v
}

/** The value of `key` in a record, or undefined. */
export function fieldOf(rec: DiagRecord, key: string): string | undefined {
    for (let i = 0; i < rec.keys.length; i++) if (rec.keys[i] === key) return rec.values[i]
    return undefined
}

/**
 * A record as a plain object: `{kind, key: value, ...}` with numeric fields as numbers
 * (what `dpc-console --json` prints).
 */
export function recordToObject(rec: DiagRecord): { [key: string]: string | number } {
    const o: { [key: string]: string | number } = {}
    o["kind"] = rec.kind
    for (let i = 0; i < rec.keys.length; i++) {
        const n = numberOf(rec.values[i])
        o[rec.keys[i]] = isNaN(n) ? rec.values[i] : n
    }
    return o
}
