/**
 * Bad input from the user (a scenario or board file, a serial port, an option): one line that
 * names the file, port or option (`file`, "" for the command line as a whole), the JSON path if
 * any, and the reason. Every tool prints it as `tool: message` and exits 2 (sim/cli/tool.ts);
 * never with a stack trace. The one error type of dpc-sim, dpc-console and the tools.
 */
export class InputError extends Error {
    constructor(readonly file: string, readonly path: string, readonly reason: string) {
        super(`${file ? file + ": " : ""}${path ? path + ": " : ""}${reason}`)
        this.name = "InputError"
    }
}

/** A JSON path as users read it: `dpcs[1].importance`. */
export function joinPath(base: string, key: string | number): string {
    if (typeof key === "number") return `${base}[${key}]`
    return base ? `${base}.${key}` : key
}
