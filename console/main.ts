/** Entry point of the `dpc-console` bin (bin/dpc-console.js); everything else is in cli.ts. */
import { onInterrupt, runTool } from "../sim/cli/tool"
import { main } from "./cli"

runTool("dpc-console", argv =>
    main(argv, {
        out: text => process.stdout.write(text),
        err: text => process.stderr.write(text),
        isTTY: process.stdout.isTTY === true,
        rows: () => process.stdout.rows ?? 24,
        columns: () => process.stdout.columns ?? 80,
        onInterrupt: stop => {
            onInterrupt(stop)
        },
    })
)
