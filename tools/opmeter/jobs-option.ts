/**
 * The `--jobs N` option of the tools that run the opcode meter (opmeter, calibrate): how many
 * VM runs go in parallel.
 */
import { OptionSpec } from "../../sim/cli/args"
import { InputError } from "../../sim/input-error"

export const JOBS_OPTION: OptionSpec = { kind: "integer", value: "N", help: "parallel VM runs (default: the number of CPUs)" }

/** The parsed `--jobs` value, checked (undefined: the meter's default). */
export function jobsOption(options: { [name: string]: string | number | boolean }): number | undefined {
    const jobs = options.jobs as number | undefined
    if (jobs !== undefined && !(jobs >= 1 && jobs <= 64)) throw new InputError("--jobs", "", `must be from 1 to 64, got ${jobs}`)
    return jobs
}
