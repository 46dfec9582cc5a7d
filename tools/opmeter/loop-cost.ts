/**
 * The opcodes of one iteration of a fiber's loop, around the call of its slice, from the loop
 * function's listing: the statements run from the loop's head (where its last backward jump
 * goes) until that jump back, each branch taken or not as `jumps` says (in the order the
 * branches come). Await costs no opcode of its own: the call of ds.sleep / ds.suspend is where
 * the fiber stops.
 */
import { ListedFunction } from "./listing"

export function loopIteration(fn: ListedFunction, jumps: boolean[]): number {
    const at = new Map<number, number>()
    const stmts = fn.statements.map((s, i) => {
        const m = /^\s*(\d+):\s+(.*)$/.exec(s.text)
        if (!m) throw new Error(`opmeter: cannot read the statement '${s.text}' of ${fn.name}`)
        at.set(Number(m[1]), i)
        return { pc: Number(m[1]), code: m[2], ops: s.ops }
    })
    let head = -1
    for (const st of stmts) {
        const back = /^JMP (\d+)$/.exec(st.code)
        if (back && Number(back[1]) < st.pc) head = Number(back[1])
    }
    if (head < 0) throw new Error(`opmeter: ${fn.name} has no loop`)
    let i = at.get(head) as number
    let total = 0
    let decision = 0
    for (let steps = 0; steps < 1000; steps++) {
        const st = stmts[i]
        if (st === undefined) throw new Error(`opmeter: ${fn.name}: ran past its last statement`)
        total += st.ops
        const jmp = /^JMP (\d+)( IF NOT .*)?$/.exec(st.code)
        if (!jmp) {
            i++
            continue
        }
        let target = Number(jmp[1])
        if (jmp[2] !== undefined) {
            if (decision >= jumps.length) throw new Error(`opmeter: ${fn.name}: more branches than the ${jumps.length} decided`)
            if (!jumps[decision++]) target = -1
        }
        if (target === head) {
            if (decision !== jumps.length) throw new Error(`opmeter: ${fn.name}: ${jumps.length - decision} branch decision(s) left over`)
            return total
        }
        if (target < 0) i++
        else {
            const next = at.get(target)
            if (next === undefined) throw new Error(`opmeter: ${fn.name}: a jump to ${target}, where no statement starts`)
            i = next
        }
    }
    throw new Error(`opmeter: ${fn.name}: no way back to the loop's start`)
}
