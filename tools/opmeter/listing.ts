/**
 * Opcodes per statement of a compiled program's functions: `devs disasm -d` prints each
 * statement with its bytes; the decoder counts the opcodes in them. For hot-path work
 * (`npm run opmeter -- --listing PROBE FUNCTION...`).
 */
import { execFileSync } from "node:child_process"
import { OpTables, decodeOps } from "./bytecode"

export interface ListedFunction {
    /** `name_F12`, as the disassembler and the VM's stack traces name it. */
    name: string
    statements: { ops: number; text: string }[]
    /** Opcodes of all its statements (each run at most once: branches and loops are not followed). */
    total: number
}

/** The functions named `names` (without the `_F<n>` suffix) of the program whose debug info is `dbgFile`. */
export function listFunctions(devs: string, dbgFile: string, names: string[], tables: OpTables): ListedFunction[] {
    const out = execFileSync(devs, ["disasm", "-d", dbgFile], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).replace(/\x1b\[[0-9;]*m/g, "")
    const found: ListedFunction[] = []
    let cur: ListedFunction | null = null
    for (const line of out.split("\n")) {
        const head = /^(?:proc|method) ((\w+?)_F\d+)/.exec(line)
        if (head) {
            cur = names.includes(head[2]) ? { name: head[1], statements: [], total: 0 } : null
            if (cur) found.push(cur)
            continue
        }
        const bytes = / \/\/ ([0-9a-f]+)$/.exec(line)
        if (!cur || !bytes) continue
        const ops = decodeOps(new Uint8Array(Buffer.from(bytes[1], "hex")), tables).length
        cur.statements.push({ ops, text: line.replace(/ \/\/ [0-9a-f]+$/, "").replace(/\{[A-Z]\d+\}/g, "") })
        cur.total += ops
    }
    return found
}
