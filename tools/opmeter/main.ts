/**
 * `npm run opmeter -- [PROBE...] [--list] [--jobs N] [--json]`: exact DeviceScript VM opcodes of
 * the probes in tools/opmeter/devs/probes/ (all of them when none is named).
 */
import { parseArgs } from "node:util"
import { ProbeError, listProbes, measure, probeListing } from "./meter"

const HELP = `usage: npm run opmeter -- [PROBE...] [--list] [--jobs N] [--json]
       npm run opmeter -- --listing PROBE FUNCTION...

Counts the DeviceScript VM opcodes each probe's body executes, exactly (see tools/opmeter/README.md).
Probes are the exported functions of tools/opmeter/devs/probes/*.ts, named <file>.<function>.

  PROBE      probes to measure (default: all)
  --list     list the probes and what each measures, then exit
  --jobs N   parallel VM runs (default: the number of CPUs)
  --json     print the results as one JSON object {probe: opcodes}
  --listing  build PROBE and print the opcodes of each statement of the FUNCTIONs named
             (by their source names: runNext, request, ...), for hot-path work
  -h, --help this text

Exit codes: 0 measured; 1 a probe failed in the VM; 2 bad arguments.`

async function main(argv: string[]): Promise<number> {
    let parsed
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: {
                list: { type: "boolean" },
                listing: { type: "boolean" },
                jobs: { type: "string" },
                json: { type: "boolean" },
                help: { type: "boolean", short: "h" },
            },
        })
    } catch (e) {
        console.error(`opmeter: ${(e as Error).message} (see --help)`)
        return 2
    }
    const o = parsed.values
    if (o.help) {
        console.log(HELP)
        return 0
    }
    if (o.list) {
        for (const p of listProbes()) console.log(`${p.id.padEnd(32)} ${p.doc}`)
        return 0
    }
    if (o.listing) {
        const [id, ...functions] = parsed.positionals
        if (id === undefined || functions.length === 0) {
            console.error("opmeter: --listing needs a probe and at least one function name (see --help)")
            return 2
        }
        if (!listProbes().some(p => p.id === id)) {
            console.error(`opmeter: no probe '${id}' (--list shows them)`)
            return 2
        }
        try {
            for (const f of await probeListing(id, functions)) {
                console.log(`${f.name}: ${f.total} opcodes in its statements`)
                for (const st of f.statements) console.log(`${String(st.ops).padStart(4)} ${st.text}`)
            }
            return 0
        } catch (e) {
            if (e instanceof ProbeError) {
                console.error(`opmeter: ${e.message}`)
                return 1
            }
            throw e
        }
    }
    const jobs = o.jobs === undefined ? undefined : Number(o.jobs)
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) {
        console.error(`opmeter: --jobs must be a whole number from 1 to 64, got '${o.jobs}'`)
        return 2
    }
    const known = new Set(listProbes().map(p => p.id))
    for (const id of parsed.positionals)
        if (!known.has(id)) {
            console.error(`opmeter: no probe '${id}' (--list shows them)`)
            return 2
        }
    try {
        const results = await measure(parsed.positionals, {
            jobs,
            onProgress: (done, total, id) => process.stderr.write(`\r${done}/${total} ${id}`.padEnd(60) + (done === total ? "\n" : "")),
        })
        if (o.json) console.log(JSON.stringify(Object.fromEntries(results.map(r => [r.id, r.opcodes]))))
        else for (const r of results) console.log(`${r.id.padEnd(32)} ${r.opcodes}`)
        return 0
    } catch (e) {
        if (e instanceof ProbeError) {
            console.error(`opmeter: ${e.message}`)
            return 1
        }
        throw e
    }
}

main(process.argv.slice(2)).then(code => process.exit(code))
