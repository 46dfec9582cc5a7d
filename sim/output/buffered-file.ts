import { closeSync, openSync, writeSync } from "node:fs"

/** A file written through a 1 MB buffer (trace and waveform writers emit many small pieces). */
export class BufferedFile {
    private fd: number
    private buf: string[] = []
    private bufLen = 0

    /** Opens (truncates) `path`; throws the fs error when it cannot. */
    constructor(readonly path: string) {
        this.fd = openSync(path, "w")
    }

    write(s: string): void {
        this.buf.push(s)
        this.bufLen += s.length
        if (this.bufLen > 1 << 20) this.flush()
    }

    private flush(): void {
        if (this.buf.length === 0) return
        writeSync(this.fd, this.buf.join(""))
        this.buf = []
        this.bufLen = 0
    }

    close(): void {
        this.flush()
        closeSync(this.fd)
    }
}
