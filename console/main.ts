/** Entry point of the `dpc-console` bin (bin/dpc-console.js); everything else is in cli.ts. */
import { main } from "./cli"

process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0) // the reader went away (`dpc-console ... | head`)
    throw e
})

main(process.argv.slice(2), {
    out: text => process.stdout.write(text),
    err: text => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    rows: () => process.stdout.rows ?? 24,
    columns: () => process.stdout.columns ?? 80,
    onInterrupt: stop => {
        process.once("SIGINT", stop)
        process.once("SIGTERM", stop)
    },
}).then(code => {
    process.exitCode = code
})
