/**
 * Just enough of DeviceScript's bytecode format to count opcodes: where each opcode of a
 * function starts. An opcode is one byte, followed by one integer argument for the opcodes that
 * take a number (a local's index, a string's index, a jump offset...). Which opcodes take a number
 * is the compiler's own table (`OP_PROPS`, bit 5), read from the installed @devicescript/cli, so
 * that it always matches the VM that runs the code. Integers: one byte below 0xF8, else a length
 * byte (0xF8 + len-1, bit 2 = negative) and len big-endian bytes. A jump's target is the jump
 * opcode's own offset plus its argument.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"

/** What the meter needs of the compiler's tables. */
export interface OpTables {
    /** The compiler's `OP_PROPS` string: one character of flags per opcode. */
    opProps: string
    /** The unconditional jump's opcode (`STMTx_JMP`). */
    jmp: number
}

/** The CLI bundle of a checkout. */
export function cliBundlePath(root: string): string {
    return join(root, "node_modules", "@devicescript", "cli", "built", "devicescript-cli.cjs")
}

/** The tables, read from the CLI bundle at `cliPath`. */
export function readOpTables(cliPath: string): OpTables {
    const text = readFileSync(cliPath, "utf8")
    const props = /var OP_PROPS = ("(?:[^"\\\n]|\\.)*");/.exec(text)
    const jmp = /\["STMTx_JMP"\] = (\d+)\]/.exec(text)
    if (!props || !jmp) throw new Error(`opmeter: no opcode tables in ${cliPath} (an unknown @devicescript/cli version?)`)
    // The literal holds raw control characters and \x escapes: let JavaScript read its own literal.
    return { opProps: new Function(`return ${props[1]}`)() as string, jmp: Number(jmp[1]) }
}

const TAKES_NUMBER = 32
const FIRST_MULTIBYTE_INT = 0xf8

export interface Op {
    /** Byte offset in the function. */
    pc: number
    opcode: number
    /** The integer argument, or null. */
    arg: number | null
}

/**
 * The opcodes of `code` from its start, in order, up to and including the first one `last`
 * accepts (or to the end of `code`).
 */
export function decodeOps(code: Uint8Array, tables: OpTables, last?: (op: Op) => boolean): Op[] {
    const props = tables.opProps
    const ops: Op[] = []
    let pc = 0
    while (pc < code.length) {
        const start = pc
        const opcode = code[pc++]
        let arg: number | null = null
        if (opcode < props.length && props.charCodeAt(opcode) & TAKES_NUMBER) {
            const v = code[pc++]
            if (v < FIRST_MULTIBYTE_INT) arg = v
            else {
                const len = (v & 3) + 1
                let r = 0
                for (let i = 0; i < len; i++) r = r * 256 + code[pc++]
                arg = v & 4 ? -r : r
            }
        }
        const op = { pc: start, opcode, arg }
        ops.push(op)
        if (last !== undefined && last(op)) break
    }
    return ops
}

/** True for a jump backwards: the end of a loop's body. */
export function isBackJump(op: Op, tables: OpTables): boolean {
    return op.opcode === tables.jmp && op.arg !== null && op.arg < 0
}

/** The parts of `bytecode-dbg.json` the meter reads. */
export interface DebugInfo {
    functions: { name: string; startpc: number }[]
    binary: { hex: string }
}

/**
 * The program's bytes from the start of function `index` to the end of the image. (The debug
 * info's `size` is not the code's length, so callers decode only as far as they need.)
 */
export function functionCode(dbg: DebugInfo, index: number): Uint8Array {
    const f = dbg.functions[index]
    if (!f) throw new Error(`opmeter: the program has no function F${index}`)
    return new Uint8Array(Buffer.from(dbg.binary.hex, "hex").subarray(f.startpc))
}
