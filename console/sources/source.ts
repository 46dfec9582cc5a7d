/**
 * Where the console's bytes come from: a serial port, a captured log, or the simulator's UART.
 * The console reads every source the same way; a source knows nothing about lines or records.
 */
export interface SourceSink {
    /**
     * The input is open (the port, the file, the simulator); bytes may follow. May throw an
     * InputError (the log cannot be opened): the source then closes and `run` rejects with it.
     */
    opened(): void
    /** Bytes received. `atMs`: when (wall time for a port, simulated time for the simulator); none for a replay. */
    data(chunk: Buffer, atMs?: number): void
    /** Bytes were lost (the port went away): the line in progress ends here. */
    gap(): void
    /** Something the user should know (disconnected, reconnected), one line. */
    status(message: string): void
}

export interface Source {
    /** What is read, for the screen: `/dev/ttyACM0 @ 115200`, `replay capture.log`. */
    readonly label: string
    /** The files and devices it reads (an output must be none of them); complete once it is open. */
    readonly inputs: { what: string; path: string }[]
    /**
     * Reads until the input ends (replay, simulator) or `stop()` is called (port). Rejects with
     * an InputError when the input cannot be opened at all (no such port or file, port busy).
     */
    run(sink: SourceSink): Promise<void>
    /** Ends `run` as soon as possible. */
    stop(): void
}
