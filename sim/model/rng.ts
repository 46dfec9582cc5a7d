/**
 * Seeded pseudo-random numbers for stimulus (the only randomness in the simulator).
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, 32-bit), seeded through
 * splitmix32 so that nearby seeds give unrelated streams. Same seed, same numbers, on every
 * machine: only 32-bit integer operations and one division.
 */
export class Rng {
    private a: number
    private b: number
    private c: number
    private d: number

    /** `seed` and `stream` are whole numbers; each (seed, stream) pair is an independent sequence. */
    constructor(seed: number, stream = 0) {
        let s = (Math.floor(seed) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0
        const next = () => {
            s = (s + 0x9e3779b9) >>> 0
            let z = s
            z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
            z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
            return (z ^ (z >>> 16)) >>> 0
        }
        this.a = next()
        this.b = next()
        this.c = next()
        this.d = next()
        for (let i = 0; i < 12; i++) this.nextU32()
    }

    nextU32(): number {
        const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
        this.d = (this.d + 1) >>> 0
        this.a = this.b ^ (this.b >>> 9)
        this.b = (this.c + (this.c << 3)) >>> 0
        this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
        this.c = (this.c + t) >>> 0
        return t
    }

    /** Uniform in (0, 1]: never 0, so its logarithm is finite. */
    nextUnit(): number {
        return (this.nextU32() + 1) / 4294967296
    }

    /** Exponentially distributed whole nanoseconds with mean `meanNs` (at least 1). */
    exponentialNs(meanNs: number): number {
        const x = Math.round(-Math.log(this.nextUnit()) * meanNs)
        return x < 1 ? 1 : x
    }
}
