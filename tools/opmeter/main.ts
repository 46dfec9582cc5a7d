/**
 * `npm run opmeter -- [PROBE...] [--list] [--jobs N] [--json]`, or `--listing PROBE FUNCTION...`: exact DeviceScript VM opcodes of
 * the probes in tools/opmeter/devs/probes/ (all of them when none is named).
 */
import { CommandSpec, commandHelp, parseCommand } from "../../sim/cli/args"
import { EXIT, runTool } from "../../sim/cli/tool"
import { InputError } from "../../sim/input-error"
import { JOBS_OPTION, jobsOption } from "./jobs-option"
import { ProbeError, listProbes, measure, probeListing } from "./meter"

export const OPMETER_COMMAND: CommandSpec = {
    name: "opmeter",
    usage: "[PROBE...] [--list] [--jobs N] [--json] | --listing PROBE FUNCTION...",
    summary: "count the DeviceScript VM opcodes each probe's body executes, exactly (tools/opmeter/README.md)",
    positionals: { min: 0, max: 1000, what: "probes" },
    options: {
        list: { kind: "boolean", help: "list the probes (<file>.<function> of tools/opmeter/devs/probes/) and what each measures" },
        jobs: JOBS_OPTION,
        json: { kind: "boolean", help: "print the results as one JSON object {probe: opcodes}" },
        listing: { kind: "boolean", help: "build PROBE and print the opcodes of each statement of the FUNCTIONs named (source names: runNext, request...)" },
    },
    examples: ["npm run opmeter -- --list", "npm run opmeter -- kernel.runBatch1 base.closure", "npm run opmeter -- --listing kernel.isrCoalesce request"],
    notes: "PROBE: probes to measure (default: every probe that takes no arguments); each is one devs run, a few seconds.\nExit codes: 0 measured; 1 a probe failed in the VM; 2 bad arguments.",
}

async function main(argv: string[]): Promise<number> {
    const a = parseCommand(argv, OPMETER_COMMAND)
    if (a.help) {
        process.stdout.write(commandHelp(OPMETER_COMMAND))
        return EXIT.ok
    }
    const o = a.options
    const positionals = a.positional
    if (o.list) {
        for (const p of listProbes()) console.log(`${p.id.padEnd(32)} ${p.doc}`)
        return EXIT.ok
    }
    const known = new Set(listProbes().map(p => p.id))
    if (o.listing) {
        const [id, ...functions] = positionals
        if (id === undefined || functions.length === 0) throw new InputError("--listing", "", "needs a probe and at least one function name")
        if (!known.has(id)) throw new InputError(id, "", "no such probe (--list shows them)")
        return reportProbeErrors(async () => {
            for (const f of await probeListing(id, functions)) {
                console.log(`${f.name}: ${f.total} opcodes in its statements`)
                for (const st of f.statements) console.log(`${String(st.ops).padStart(4)} ${st.text}`)
            }
        })
    }
    const jobs = jobsOption(o)
    const unknown = positionals.find(id => !known.has(id))
    if (unknown !== undefined) throw new InputError(unknown, "", "no such probe (--list shows them)")
    return reportProbeErrors(async () => {
        const results = await measure(positionals, {
            jobs,
            onProgress: (done, total, id) => process.stderr.write(`\r${done}/${total} ${id}`.padEnd(60) + (done === total ? "\n" : "")),
        })
        if (o.json) console.log(JSON.stringify(Object.fromEntries(results.map(r => [r.id, r.opcodes]))))
        else for (const r of results) console.log(`${r.id.padEnd(32)} ${r.opcodes}`)
    })
}

/** Runs `body`: exit 0, or 1 with one line when a probe failed in the VM. */
async function reportProbeErrors(body: () => Promise<void>): Promise<number> {
    try {
        await body()
        return EXIT.ok
    } catch (e) {
        if (e instanceof ProbeError) {
            console.error(`opmeter: ${e.message}`)
            return EXIT.failed
        }
        throw e
    }
}

if (require.main === module) runTool("opmeter", main)
