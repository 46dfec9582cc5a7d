import { createReadStream, openSync } from "node:fs"
import { InputError } from "../../sim/input-error"
import { fsReason } from "../../sim/output/output-file"
import { Source, SourceSink } from "./source"

/** `--replay FILE`: a captured log, read in chunks as if it came from the port. No timing. */
export class ReplaySource implements Source {
    readonly label: string
    readonly inputs: { what: string; path: string }[]
    private stopped = false
    private stream: ReturnType<typeof createReadStream> | null = null

    constructor(readonly file: string, private readonly chunkBytes = 64 * 1024) {
        this.label = `replay ${file}`
        this.inputs = [{ what: "replayed capture", path: file }]
    }

    run(sink: SourceSink): Promise<void> {
        let fd: number
        try {
            fd = openSync(this.file, "r")
            sink.opened()
        } catch (e) {
            return Promise.reject(e instanceof InputError ? e : new InputError(this.file, "", `cannot read: ${fsReason(e)}`))
        }
        return new Promise((resolve, reject) => {
            const stream = createReadStream("", { fd, highWaterMark: this.chunkBytes })
            this.stream = stream
            stream.on("data", chunk => {
                if (!this.stopped) sink.data(chunk as Buffer)
            })
            stream.on("error", e => reject(new InputError(this.file, "", `cannot read: ${fsReason(e)}`)))
            stream.on("close", () => resolve())
            if (this.stopped) stream.destroy()
        })
    }

    stop(): void {
        this.stopped = true
        this.stream?.destroy()
    }
}
