/**
 * `npm run calibrate`: measures the firmware's paths with the opcode meter and writes the
 * devicescript host's calibration table (sim/host/devicescript/calibration.json). `--check`
 * compares the table with the code instead, as the calibration test does.
 */
import { CALIBRATION_FILE, calibration } from "../../sim/host/devicescript/calibration"
import { CommandSpec, commandHelp, parseCommand } from "../../sim/cli/args"
import { EXIT, runTool } from "../../sim/cli/tool"
import { JOBS_OPTION, jobsOption } from "../opmeter/jobs-option"
import { ProbeError } from "../opmeter/meter"
import { compareTable, describeDrifts, explainDrifts, measureCheck } from "./check"
import { GROUPS, measureLoops, measureSteps } from "./groups"
import { buildTable, writeTable } from "./table"

export const CALIBRATE_COMMAND: CommandSpec = {
    name: "calibrate",
    usage: "[--check] [--jobs N]",
    summary: "measure the firmware's VM opcodes per path and write the simulator's devicescript calibration table",
    positionals: { min: 0, max: 0, what: "arguments" },
    options: {
        check: { kind: "boolean", help: "compare the table with the code (as the test does) instead of writing it" },
        jobs: JOBS_OPTION,
    },
    examples: ["npm run calibrate", "npm run calibrate -- --check"],
    notes: `Writes ${CALIBRATION_FILE.replace(/.*\/sim\//, "sim/")} (about 7 minutes on 2 CPUs: one VM run a path). Exit codes: 0 written (or it\nmatches), 1 it does not match or a probe failed, 2 bad arguments.`,
}

async function main(argv: string[]): Promise<number> {
    const a = parseCommand(argv, CALIBRATE_COMMAND)
    if (a.help) {
        process.stdout.write(commandHelp(CALIBRATE_COMMAND))
        return EXIT.ok
    }
    const jobs = jobsOption(a.options)
    const onProgress = (done: number, total: number, id: string) => process.stderr.write(`\r${done}/${total} ${id}`.padEnd(60))
    try {
        if (a.options.check) {
            const table = calibration()
            const drifts = await explainDrifts(table, compareTable(table, await measureCheck({ jobs, onProgress })), { jobs, onProgress })
            process.stderr.write("\n")
            if (drifts.length > 0) {
                process.stdout.write(describeDrifts(drifts) + "\n")
                return EXIT.failed
            }
            process.stdout.write(`${CALIBRATION_FILE}: matches the code\n`)
            return EXIT.ok
        }
        const [steps, loops] = await Promise.all([measureSteps(GROUPS, { jobs, onProgress }), measureLoops()])
        process.stderr.write("\n")
        const table = buildTable(steps.groups, loops, steps.overhead)
        writeTable(table)
        process.stdout.write(`${CALIBRATION_FILE}: ${Object.keys(table.entries).length} entries from ${GROUPS.length} groups, measured on ${table.measuredOn}\n`)
        return EXIT.ok
    } catch (e) {
        if (e instanceof ProbeError) {
            process.stderr.write(`\ncalibrate: ${e.message}\n`)
            return EXIT.failed
        }
        throw e
    }
}

runTool("calibrate", main)
