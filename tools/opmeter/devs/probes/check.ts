/**
 * Bodies whose opcode counts are known from the bytecode, to check the meter itself
 * (test/opmeter/meter.test.ts asserts them).
 */
import { Probe } from "../harness"

let g = 0

/** g = g + 1: four opcodes (load, literal, add, store). */
export function addOne(): Probe {
    return { body: () => { g = g + 1 } }
}

/** The same statement ten times in a for loop: 2 + 10 x 13 + 4 = 136 opcodes. */
export function loopTen(): Probe {
    return {
        body: () => {
            for (let i = 0; i < 10; i++) g = g + 1
        },
    }
}

/** The loop above 9,000 times: 2 + 9,000 x 13 + 4 = 117,006 opcodes, most of a slice. */
export function loopLong(): Probe {
    return {
        body: () => {
            for (let i = 0; i < 9000; i++) g = g + 1
        },
    }
}
