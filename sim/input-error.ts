/**
 * Bad input from the user (a scenario or board file, a flag): one line that names the file and
 * the JSON path or option, and the reason. The CLI prints the message and exits 2; it never
 * shows a stack trace for one of these.
 */
export class InputError extends Error {
    constructor(readonly file: string, readonly path: string, readonly reason: string) {
        super(`${file}: ${path ? path + ": " : ""}${reason}`)
        this.name = "InputError"
    }
}

/** A JSON path as users read it: `dpcs[1].importance`. */
export function joinPath(base: string, key: string | number): string {
    if (typeof key === "number") return `${base}[${key}]`
    return base ? `${base}.${key}` : key
}
