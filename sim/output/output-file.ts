/**
 * Files a command was asked to write (--trace, --vcd, --log), written so that nothing the user
 * has is lost or half-written:
 *
 *   - `checkOutputs` refuses, before anything runs, an output that is also an input (the
 *     scenario, the board file, a replayed capture) or another output, a directory, or a path in
 *     a directory that does not exist;
 *   - a regular file (or a new one) is written to a temporary file beside it and renamed over it
 *     only when complete (`commit`), so an error or an interrupt leaves the old file as it was;
 *     the temporary file is removed on `abort` and when the process exits;
 *   - anything else (a device such as /dev/null or /dev/full, a FIFO) is written in place;
 *   - every file system error is an InputError naming the option and the path, with the reason
 *     (`--trace: /dev/full: cannot write: no space left on device (ENOSPC)`): exit 2.
 */
import { closeSync, openSync, renameSync, statSync, Stats, unlinkSync, writeSync } from "node:fs"
import { basename, dirname, join, resolve } from "node:path"
import { InputError } from "../input-error"

/** The reason in a file system error, in words, without Node's decoration: `no such file`. */
export function fsReason(e: unknown): string {
    const err = e as NodeJS.ErrnoException
    const words: { [code: string]: string } = {
        ENOENT: "no such file",
        EACCES: "permission denied",
        EPERM: "permission denied",
        EISDIR: "is a directory",
        ENOTDIR: "a part of the path is not a directory",
        ENOSPC: "no space left on device",
        EROFS: "read-only file system",
        EFBIG: "file too large",
        EDQUOT: "disk quota exceeded",
        EIO: "input/output error",
        EBADF: "bad file descriptor",
        EMFILE: "too many open files",
        ENXIO: "no such device",
        ENODEV: "no such device",
    }
    if (err && typeof err.code === "string")
        return words[err.code] ?? `${(err.message ?? "").split("\n")[0].replace(/^[A-Z]+: /, "").replace(/, \w+ .*$/, "")} (${err.code})`
    return String((err as any)?.message ?? e).split("\n")[0]
}

function statOrNull(path: string): Stats | null {
    try {
        return statSync(path)
    } catch {
        return null
    }
}

function sameFile(a: Stats | null, b: Stats | null): boolean {
    return a !== null && b !== null && a.dev === b.dev && a.ino === b.ino
}

export interface OutputRequest {
    /** The option that named it (`--trace`), for messages. */
    flag: string
    path: string
}

/**
 * Checks, before anything is written, that every output is writable where it is and is none of
 * `inputs` (by path and by file identity, so a link or `./x` is caught too) nor another output.
 */
export function checkOutputs(outputs: OutputRequest[], inputs: { what: string; path: string }[]): void {
    const seen: { flag: string; abs: string; stat: Stats | null }[] = []
    for (const o of outputs) {
        const abs = resolve(o.path)
        const st = statOrNull(abs)
        for (const i of inputs) {
            const inAbs = resolve(i.path)
            if (inAbs === abs || sameFile(st, statOrNull(inAbs))) throw new InputError(o.flag, "", `${o.path} is the ${i.what}; refusing to overwrite an input (choose another file)`)
        }
        for (const s of seen)
            if (s.abs === abs || sameFile(st, s.stat)) throw new InputError(o.flag, "", `${o.path} is also the ${s.flag} file; give each output its own file`)
        if (st !== null && st.isDirectory()) throw new InputError(o.flag, "", `cannot write ${o.path}: is a directory, not a file`)
        const dir = statOrNull(dirname(abs))
        if (st === null && (dir === null || !dir.isDirectory())) throw new InputError(o.flag, "", `cannot write ${o.path}: no such directory`)
        seen.push({ flag: o.flag, abs, stat: st })
    }
}

/** Temporary files not yet committed, removed if the process exits first. */
const pending = new Set<string>()
let exitHookInstalled = false
function unlinkQuietly(path: string): void {
    try {
        unlinkSync(path)
    } catch {
        /* already gone */
    }
}
function removePending(): void {
    for (const p of pending) unlinkQuietly(p)
    pending.clear()
}

/** Temporary files not yet committed or aborted (for tests). */
export function pendingTemporaryFiles(): string[] {
    return [...pending]
}

export class OutputFile {
    private fd: number
    /** Where the bytes go until commit: a temporary file, or the target itself (devices, FIFOs). */
    readonly writingTo: string
    private closed = false

    /** Opens the output (`append`: add to an existing regular file instead of replacing it). */
    constructor(readonly flag: string, readonly path: string, append = false) {
        const st = statOrNull(path)
        const inPlace = (st !== null && !st.isFile()) || append
        this.writingTo = inPlace ? path : join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
        try {
            this.fd = openSync(this.writingTo, append ? "a" : "w")
        } catch (e) {
            throw this.error(e)
        }
        if (!inPlace) {
            pending.add(this.writingTo)
            if (!exitHookInstalled) {
                exitHookInstalled = true
                process.on("exit", removePending)
            }
        }
    }

    private error(e: unknown): InputError {
        return new InputError(this.flag, "", `cannot write ${this.path}: ${fsReason(e)}`)
    }

    write(data: string | Uint8Array): void {
        const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data
        try {
            for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off)
        } catch (e) {
            this.abort()
            throw this.error(e)
        }
    }

    /** Closes the file and puts it in place of the target. */
    commit(): void {
        if (this.closed) return
        this.closed = true
        try {
            closeSync(this.fd)
            if (this.writingTo !== this.path) {
                renameSync(this.writingTo, this.path)
                pending.delete(this.writingTo)
            }
        } catch (e) {
            this.removeTemporary()
            throw this.error(e)
        }
    }

    /** Closes the file and throws away what was written (the target is left as it was). */
    abort(): void {
        if (this.closed) return
        this.closed = true
        try {
            closeSync(this.fd)
        } catch {
            /* nothing more to lose */
        }
        this.removeTemporary()
    }

    private removeTemporary(): void {
        if (this.writingTo === this.path) return
        unlinkQuietly(this.writingTo)
        pending.delete(this.writingTo)
    }
}
