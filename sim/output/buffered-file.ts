import { OutputFile } from "./output-file"

/**
 * An output file written through a 1 MB buffer (trace and waveform writers emit many small
 * pieces), safely (output-file.ts): complete on `close`, the old file untouched on `abort`.
 */
export class BufferedFile {
    private file: OutputFile
    private buf: string[] = []
    private bufLen = 0
    /** Characters written so far (flushed or not). */
    written = 0

    /** Opens `path` for the option `flag`; an InputError when it cannot. */
    constructor(flag: string, readonly path: string) {
        this.file = new OutputFile(flag, path)
    }

    write(s: string): void {
        this.buf.push(s)
        this.bufLen += s.length
        this.written += s.length
        if (this.bufLen > 1 << 20) this.flush()
    }

    private flush(): void {
        if (this.buf.length === 0) return
        const text = this.buf.join("")
        this.buf = []
        this.bufLen = 0
        this.file.write(text)
    }

    /** Writes what is buffered and puts the file in place. */
    close(): void {
        this.flush()
        this.file.commit()
    }

    /** Throws away the file (the target is left as it was). */
    abort(): void {
        this.buf = []
        this.file.abort()
    }
}
