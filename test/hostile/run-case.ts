/**
 * Runs one hostile-input case: a tool of the project, in a fresh directory holding copies of the
 * example scenarios (and of the console's capture), with a memory limit and a time limit. What
 * it gives back is what the suite checks: exit code, output, and which files changed.
 */
import { spawn } from "node:child_process"
import { createHash } from "node:crypto"
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ROOT } from "../fixtures/sim"

export const TOOLS = {
    "dpc-sim": join(ROOT, "bin", "dpc-sim.js"),
    "dpc-console": join(ROOT, "bin", "dpc-console.js"),
    "devs-build": join(ROOT, "dist", "tools", "devs-build.js"),
    "devs-flash": join(ROOT, "dist", "tools", "devs-flash.js"),
}
export type Tool = keyof typeof TOOLS

/** The limits every case runs under. */
export const TIME_LIMIT_MS = 20_000
export const HEAP_LIMIT_MB = 256

export interface HostileCase {
    name: string
    tool: Tool
    args: string[]
    /** Files written in the case's directory first (besides scenarios/ and capture.log). */
    files?: { [path: string]: string | Buffer }
    /** Symbolic links made there first: path -> target. */
    links?: { [path: string]: string }
    /** The documented exit code (130 only for a case that sends a signal). */
    exit: 0 | 1 | 2 | 130
    /** The whole of stderr, or a pattern it must match; by default one line starting `tool: ` when exit is 2. */
    stderr?: string | RegExp
    /** A pattern stdout must match. */
    stdout?: RegExp
    /** Files the case is asked to write (they may be created or changed). */
    writes?: string[]
    /** Sends this signal after `afterMs` (the case then documents the exit code it gives). */
    signal?: { name: NodeJS.Signals; afterMs: number }
    /** Looks at the directory after the run: null, or what is wrong. */
    check?: (dir: string) => string | null
}

export interface CaseResult {
    code: number | null
    signal: NodeJS.Signals | null
    stdout: string
    stderr: string
    ms: number
    /** Files added, removed or changed that the case was not asked to write. */
    changed: string[]
    timedOut: boolean
    /** What `check` found wrong, if anything. */
    problem: string | null
}

/** path -> hash of every file under `dir` (symlinks by their target's name). */
function snapshot(dir: string, base = ""): Map<string, string> {
    const out = new Map<string, string>()
    for (const name of readdirSync(join(dir, base))) {
        const rel = join(base, name)
        const st = lstatSync(join(dir, rel))
        if (st.isDirectory()) for (const [k, v] of snapshot(dir, rel)) out.set(k, v)
        else if (st.isSymbolicLink()) out.set(rel, "link")
        else out.set(rel, createHash("sha1").update(readFileSync(join(dir, rel))).digest("hex"))
    }
    return out
}

export function runCase(c: HostileCase): Promise<CaseResult> {
    const dir = mkdtempSync(join(tmpdir(), "dpc-hostile-"))
    cpSync(join(ROOT, "scenarios"), join(dir, "scenarios"), { recursive: true })
    cpSync(join(ROOT, "test", "console", "fixtures", "capture.log"), join(dir, "capture.log"))
    for (const [path, data] of Object.entries(c.files ?? {})) {
        mkdirSync(join(dir, path, ".."), { recursive: true })
        writeFileSync(join(dir, path), data)
    }
    for (const [path, target] of Object.entries(c.links ?? {})) symlinkSync(target, join(dir, path))
    const before = snapshot(dir)
    const started = Date.now()
    return new Promise(resolve => {
        const env = { ...process.env }
        delete env.DPC_DEBUG
        const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, TOOLS[c.tool], ...c.args], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] })
        let stdout = ""
        let stderr = ""
        child.stdout.on("data", d => (stdout.length < 1 << 20 ? (stdout += d) : undefined))
        child.stderr.on("data", d => (stderr.length < 1 << 20 ? (stderr += d) : undefined))
        let timedOut = false
        const timer = setTimeout(() => {
            timedOut = true
            child.kill("SIGKILL")
        }, TIME_LIMIT_MS)
        const sig = c.signal
        const sigTimer = sig ? setTimeout(() => child.kill(sig.name), sig.afterMs) : null
        child.on("close", (code, signal) => {
            clearTimeout(timer)
            if (sigTimer) clearTimeout(sigTimer)
            const after = snapshot(dir)
            const allowed = new Set(c.writes ?? [])
            const changed: string[] = []
            for (const [k, v] of after) if (!allowed.has(k) && before.get(k) !== v) changed.push(before.has(k) ? `changed ${k}` : `created ${k}`)
            for (const k of before.keys()) if (!after.has(k) && !allowed.has(k)) changed.push(`removed ${k}`)
            let problem: string | null = null
            try {
                problem = c.check ? c.check(dir) : null
            } catch (e) {
                problem = String(e)
            }
            rmSync(dir, { recursive: true, force: true })
            resolve({ code, signal, stdout, stderr, ms: Date.now() - started, changed, timedOut, problem })
        })
    })
}

/** Runs `cases` with at most `parallel` at a time; results in the cases' order. */
export async function runAll(cases: HostileCase[], parallel: number): Promise<CaseResult[]> {
    const results: CaseResult[] = new Array(cases.length)
    let next = 0
    const worker = async () => {
        while (next < cases.length) {
            const i = next++
            results[i] = await runCase(cases[i])
        }
    }
    await Promise.all(Array.from({ length: parallel }, worker))
    return results
}
