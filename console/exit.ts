/**
 * Exit codes of `dpc-console`, in one place (SPEC 3.1):
 *   0 ok; 1 the run found a failure it was asked to check; 2 bad input.
 */
export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_BAD_INPUT = 2

/**
 * Bad input: a port that does not exist or is busy, a file that cannot be read, a bad option.
 * The message is one line that names the port, file or option and the reason; the CLI prints it
 * as `dpc-console: <message>` and exits 2, never with a stack trace.
 */
export class InputError extends Error {
    constructor(message: string, readonly usage = false) {
        super(message)
        this.name = "InputError"
    }
}
