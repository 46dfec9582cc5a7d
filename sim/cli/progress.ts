/**
 * Progress of a long run on a terminal: one line on stderr, rewritten in place at most five
 * times a second, and erased at the end. Silent when stderr is not a terminal. The CLI is the
 * one place that reads wall time.
 */
export class Progress {
    private lastWall = 0
    private shown = false
    private started = Date.now()

    constructor(private enabled: boolean, private stream: NodeJS.WriteStream = process.stderr) {}

    update(simNs: number, totalNs: number): void {
        if (!this.enabled) return
        const now = Date.now()
        if (now - this.lastWall < 200) return
        this.lastWall = now
        const pct = totalNs > 0 ? Math.min(100, (100 * simNs) / totalNs) : 100
        const wall = (now - this.started) / 1000
        const eta = pct > 0 ? (wall * (100 - pct)) / pct : 0
        this.stream.write(`\r\x1b[Ksimulating: ${(simNs / 1e6).toFixed(1)} of ${(totalNs / 1e6).toFixed(1)} ms (${pct.toFixed(0)}%), ${wall.toFixed(1)} s, about ${eta.toFixed(0)} s left`)
        this.shown = true
    }

    done(): void {
        if (this.shown) this.stream.write("\r\x1b[K")
        this.shown = false
    }
}
