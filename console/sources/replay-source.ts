import { createReadStream, openSync } from "node:fs"
import { InputError } from "../exit"
import { Source, SourceSink } from "./source"

/** `--replay FILE`: a captured log, read in chunks as if it came from the port. No timing. */
export class ReplaySource implements Source {
    readonly label: string
    private stopped = false
    private stream: ReturnType<typeof createReadStream> | null = null

    constructor(readonly file: string, private readonly chunkBytes = 64 * 1024) {
        this.label = `replay ${file}`
    }

    run(sink: SourceSink): Promise<void> {
        let fd: number
        try {
            fd = openSync(this.file, "r")
        } catch (e) {
            return Promise.reject(new InputError(`${this.file}: cannot read: ${fileReason(e)}`))
        }
        sink.opened()
        return new Promise((resolve, reject) => {
            const stream = createReadStream("", { fd, highWaterMark: this.chunkBytes })
            this.stream = stream
            stream.on("data", chunk => {
                if (!this.stopped) sink.data(chunk as Buffer)
            })
            stream.on("error", e => reject(new InputError(`${this.file}: cannot read: ${fileReason(e)}`)))
            stream.on("close", () => resolve())
            if (this.stopped) stream.destroy()
        })
    }

    stop(): void {
        this.stopped = true
        this.stream?.destroy()
    }
}

/** The reason in a file system error, without Node's decoration: `no such file (ENOENT)`. */
export function fileReason(e: unknown): string {
    const err = e as NodeJS.ErrnoException
    switch (err.code) {
        case "ENOENT":
            return "no such file"
        case "EACCES":
        case "EPERM":
            return "permission denied"
        case "EISDIR":
            return "is a directory"
        default:
            return (err.message ?? String(e)).split("\n")[0]
    }
}
