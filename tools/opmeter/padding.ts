/**
 * How many opcodes the meter's padding loop (tools/opmeter/devs/harness.ts, `pad`) ran before the
 * VM aborted its slice. The loop is
 *
 *     n = 0; while (true) { n = n + 1; console.log(n) }
 *
 * compiled to `head` opcodes of set-up, then iterations of `c` opcodes each, the last being the
 * jump back to the loop's head and the one before it the call that prints n. The VM reports the
 * offset of the opcode it was about to run (`pc`); the log's last line is the last n printed.
 */
import { Op, OpTables, isBackJump } from "./bytecode"

export interface PadLayout {
    /** Opcodes before the loop's head. */
    head: number
    /** Opcodes per iteration. */
    perIteration: number
    /** Offset of every opcode of the function up to the loop's end. */
    pcs: number[]
}

/** The layout of the padding function whose opcodes (up to its back jump) are `ops`. */
export function padLayout(ops: Op[], tables: OpTables): PadLayout {
    const end = ops.length - 1
    if (end < 0 || !isBackJump(ops[end], tables)) throw new Error("opmeter: the padding function has no loop")
    const headPc = ops[end].pc + (ops[end].arg as number)
    const head = ops.findIndex(o => o.pc === headPc)
    if (head < 0) throw new Error(`opmeter: the padding loop jumps to ${headPc}, which starts no opcode`)
    return { head, perIteration: end - head + 1, pcs: ops.map(o => o.pc) }
}

/** Opcodes the padding ran, aborted before the opcode at `pc` with `printed` the last counter printed (0: none). */
export function padOpcodes(layout: PadLayout, pc: number, printed: number): number {
    const at = layout.pcs.indexOf(pc)
    if (at < 0) throw new Error(`opmeter: the abort at pc ${pc} is not at an opcode of the padding loop`)
    if (at < layout.head) {
        if (printed !== 0) throw new Error(`opmeter: aborted before the padding loop, yet ${printed} was printed`)
        return at
    }
    const c = layout.perIteration
    const j = at - layout.head
    // Iteration k prints k at its opcode c-2. Stopped at the back jump: iteration `printed` has run
    // all but that jump; stopped anywhere else: iteration printed+1 has run j opcodes.
    return j === c - 1 ? layout.head + (printed - 1) * c + (c - 1) : layout.head + printed * c + j
}
