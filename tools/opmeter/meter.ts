/**
 * The opcode meter: exact DeviceScript VM opcode counts for probes (tools/opmeter/README.md).
 *
 *     const results = await measure(["kernel.isrIdle", "kernel.runBatch1"])
 *     results[0].opcodes   // the body's opcodes, exact
 *
 * A probe is an exported function `NAME(): Probe` of a module in tools/opmeter/devs/probes/;
 * its id is `<module>.<NAME>`. Each probe runs in its own `devs run --test` (the VM panics at
 * the end of the measured slice), in a scratch workspace of its own so that runs can go in
 * parallel; `base.empty` runs with every batch and is subtracted.
 */
import { spawn } from "node:child_process"
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { cpus } from "node:os"
import { join, relative } from "node:path"
import { DebugInfo, OpTables, cliBundlePath, decodeOps, functionCode, isBackJump, readOpTables } from "./bytecode"
import { ListedFunction, listFunctions } from "./listing"
import { padLayout, padOpcodes } from "./padding"

/** Opcodes the VM runs in one fiber slice before it aborts it (DEVS_MAX_STEPS - 1). */
export const SLICE_OPCODES = 131071

export const ROOT = join(__dirname, "..", "..", "..")
const PROBES_DIR = join(ROOT, "tools", "opmeter", "devs", "probes")
const HARNESS = join(ROOT, "tools", "opmeter", "devs", "harness")
/** The tag of a probe's data line (tools/opmeter/devs/harness.ts, `report`). */
const DATA_TAG = "opmeter-data "
const EMPTY = "base.empty"

/** One probe: where its function is. */
export interface ProbeRef {
    id: string
    module: string
    fn: string
    /** The first line of its doc comment. */
    doc: string
    /** Its function takes arguments (a tool passes them; `measure([])` leaves it out). */
    needsArgs: boolean
}

/** Every probe of tools/opmeter/devs/probes/, in file then source order. */
export function listProbes(): ProbeRef[] {
    const out: ProbeRef[] = []
    for (const file of readdirSync(PROBES_DIR).filter(f => f.endsWith(".ts")).sort()) {
        const text = readFileSync(join(PROBES_DIR, file), "utf8")
        // A probe's doc comment is the one right before its `export function`.
        const re = /(?:\/\*\*((?:(?!\*\/)[^])*)\*\/\s*\n)?^export function (\w+)\(([^)]*)\): Probe/gm
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
            const group = file.slice(0, -3)
            const doc = (m[1] ?? "").split("\n").map(l => l.replace(/^\s*\*?\s?/, "").trim()).find(l => l !== "") ?? ""
            out.push({ id: `${group}.${m[2]}`, module: join(PROBES_DIR, group), fn: m[2], doc, needsArgs: m[3].trim() !== "" })
        }
    }
    return out
}

/** A probe to run: its id, and optionally the arguments of its function (TypeScript source). */
export interface ProbeRequest {
    id: string
    args?: string
}

/** What one probe run gave. */
export interface ProbeRun {
    id: string
    /** What the probe reported during its set-up (harness `report`), or null. */
    data: any
    /** Opcodes of the slice that were not the padding's (the harness's and the body's). */
    sliceOpcodes: number
    /** The last counter the padding printed, and the opcode the abort stopped at. */
    printed: number
    pc: number
}

export interface Measurement {
    id: string
    /** The body's opcodes: the probe's slice less the empty probe's. */
    opcodes: number
    /** What the probe reported during its set-up, or null. */
    data: any
    /** With MeterOptions.allowSliceFull: the body did not fit one VM slice (opcodes is then NaN). */
    sliceFull?: boolean
}

export interface MeterOptions {
    /** Parallel VM runs; default: the number of CPUs. */
    jobs?: number
    /** Called as each probe finishes. */
    onProgress?: (done: number, total: number, id: string) => void
    /** A body too long for one VM slice is a Measurement with `sliceFull` (default: a SliceFullError). */
    allowSliceFull?: boolean
}

/** Thrown when a probe does not compile, throws, or never reaches its padding. */
export class ProbeError extends Error {}

/** The probe's body ran out of its VM slice (about 131,000 opcodes) before it ended: measure less at once. */
export class SliceFullError extends ProbeError {}

let tables: OpTables | null = null
function opTables(): OpTables {
    if (tables === null) tables = readOpTables(cliBundlePath(ROOT))
    return tables
}

function stripAnsi(s: string): string {
    return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")
}

/**
 * A scratch directory that `devs` accepts as a project (its own .devicescript/ output); `k`
 * names it among this process's (two meters may run at once).
 */
function workspace(k: number | string): string {
    const dir = join(ROOT, ".devicescript", "opmeter", `p${process.pid}-${k}`)
    mkdirSync(dir, { recursive: true })
    if (!existsSync(join(dir, "devsconfig.json"))) writeFileSync(join(dir, "devsconfig.json"), "{}\n")
    if (!existsSync(join(dir, "node_modules"))) symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"))
    return dir
}

function importPath(from: string, target: string): string {
    const r = relative(from, target)
    return r.startsWith(".") ? r : "./" + r
}

/**
 * Runs `devs ARGS` in `dir` and returns what it printed. The output goes to a file,
 * not a pipe: the CLI exits at the panic, and output still queued for a pipe would be lost.
 */
const DEVS = join(ROOT, "node_modules", ".bin", process.platform === "win32" ? "devs.cmd" : "devs")

function runDevs(dir: string, args: string[]): Promise<string> {
    const logFile = join(dir, "probe.log")
    const fd = openSync(logFile, "w")
    return new Promise<string>((resolve, reject) => {
        const child = spawn(DEVS, args, { cwd: dir, stdio: ["ignore", fd, fd] })
        child.on("error", reject)
        child.on("close", () => resolve(stripAnsi(readFileSync(logFile, "utf8"))))
    }).finally(() => closeSync(fd))
}

const ENTRY = "probe.ts"

/** Writes probe `probe`'s program into workspace `k` (`args`: its function's arguments); returns the workspace. */
function writeProbe(probe: ProbeRef, k: number | string, args = ""): string {
    const dir = workspace(k)
    writeFileSync(
        join(dir, ENTRY),
        [
            `// Generated by tools/opmeter/meter.ts for probe ${probe.id}.`,
            `import { meter } from "${importPath(dir, HARNESS)}"`,
            `import { ${probe.fn} } from "${importPath(dir, probe.module)}"`,
            `await meter(${probe.fn}(${args}))`,
            ``,
        ].join("\n")
    )
    return dir
}

function dbgFileOf(dir: string): string {
    return join(dir, ".devicescript", "bin", "bytecode-dbg.json")
}

/** Runs one probe in workspace `k`. */
export async function runProbe(probe: ProbeRef, k: number, args = ""): Promise<ProbeRun> {
    const dir = writeProbe(probe, k, args)
    const dbgFile = dbgFileOf(dir)
    rmSync(dbgFile, { force: true })
    const out = await runDevs(dir, ["run", ENTRY, "--test", "--test-timeout", "60000"])
    const frame = /Exception: InfiniteLoop\s*\n\s*WASM>\s+at pad \[as F(\d+)_pc(\d+)\]/.exec(out)
    if (!frame) {
        const tail = out.split("\n").filter(l => l.trim() !== "").slice(-16).join("\n")
        if (/Exception: InfiniteLoop/.test(out)) throw new SliceFullError(`probe ${probe.id}: its body did not fit one VM slice:\n${tail}`)
        throw new ProbeError(`probe ${probe.id} did not end in its padding loop:\n${tail}`)
    }
    const before = out.slice(0, frame.index).split("\n")
    let data: any = null
    for (const line of before) {
        const at = line.indexOf(DATA_TAG)
        if (at >= 0) data = JSON.parse(line.slice(at + DATA_TAG.length))
    }
    let printed = 0
    for (let i = before.length - 1; i >= 0; i--) {
        const m = /^WASM> (\d+)\s*$/.exec(before[i])
        if (m) {
            printed = Number(m[1])
            break
        }
    }
    const t = opTables()
    const dbg = JSON.parse(readFileSync(dbgFile, "utf8")) as DebugInfo
    const ops = decodeOps(functionCode(dbg, Number(frame[1])), t, op => isBackJump(op, t))
    const pc = Number(frame[2])
    const padded = padOpcodes(padLayout(ops, t), pc, printed)
    return { id: probe.id, data, sliceOpcodes: SLICE_OPCODES - padded, printed, pc }
}

/** Measures the probes `requests` (ids, or ids with arguments; all probes when empty), in that order. */
export async function measure(requests: (string | ProbeRequest)[], opts: MeterOptions = {}): Promise<Measurement[]> {
    const all = listProbes()
    const reqs: ProbeRequest[] =
        requests.length === 0 ? all.filter(p => p.id !== EMPTY && !p.needsArgs).map(p => ({ id: p.id })) : requests.map(r => (typeof r === "string" ? { id: r } : r))
    const queue: { probe: ProbeRef; args: string }[] = [{ probe: probeById(all, EMPTY), args: "" }, ...reqs.map(r => ({ probe: probeById(all, r.id), args: r.args ?? "" }))]
    const runs: (ProbeRun | null)[] = new Array(queue.length)
    const jobs = Math.max(1, Math.min(opts.jobs ?? cpus().length, queue.length))
    let next = 0
    let done = 0
    const worker = async (k: number) => {
        while (next < queue.length) {
            const i = next++
            try {
                runs[i] = await runProbe(queue[i].probe, k, queue[i].args)
            } catch (e) {
                if (!(e instanceof SliceFullError && opts.allowSliceFull && i > 0)) throw e
                runs[i] = null
            }
            done++
            if (opts.onProgress) opts.onProgress(done, queue.length, queue[i].probe.id)
        }
    }
    try {
        await Promise.all(Array.from({ length: jobs }, (_, k) => worker(k)))
    } finally {
        for (let k = 0; k < jobs; k++) rmSync(join(ROOT, ".devicescript", "opmeter", `p${process.pid}-${k}`), { recursive: true, force: true })
    }
    const base = (runs[0] as ProbeRun).sliceOpcodes // the empty probe always fits
    return runs.slice(1).map((r, i) => (r === null ? { id: queue[i + 1].probe.id, opcodes: NaN, data: null, sliceFull: true } : { id: r.id, opcodes: r.sliceOpcodes - base, data: r.data }))
}

function probeById(all: ProbeRef[], id: string): ProbeRef {
    const p = all.find(q => q.id === id)
    if (!p) throw new ProbeError(`no probe '${id}' (known: ${all.map(q => q.id).join(", ")})`)
    return p
}

/**
 * Builds probe `id` (with `args`, when its function takes some) and lists `functions` of its
 * program, opcodes per statement (see listing.ts). In a workspace of its own: it may run while
 * `measure` does.
 */
export async function probeListing(id: string, functions: string[], args = ""): Promise<ListedFunction[]> {
    const probe = probeById(listProbes(), id)
    const dir = writeProbe(probe, "-listing", args)
    try {
        const out = await runDevs(dir, ["build", ENTRY])
        if (!existsSync(dbgFileOf(dir))) throw new ProbeError(`probe ${id} did not build:\n${out}`)
        return listFunctions(DEVS, dbgFileOf(dir), functions, opTables())
    } finally {
        rmSync(dir, { recursive: true, force: true })
    }
}
