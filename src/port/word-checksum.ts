import * as ds from "@devicescript/core"

/** Longest line the runtime's log takes (its DMESG line buffer is 300 bytes). */
const MAX_LINE = 320

const buf = ds.Buffer.alloc(MAX_LINE + 32)

/**
 * The diagnostics checksum (the XOR of a line's bytes, SPEC 3.4) computed 32 bytes at a time:
 * the line is copied into a buffer with zeros after it (zeros change no XOR), whose 32-bit words
 * are XORed together and folded to one byte. The same result as the kernel's portable
 * checksumOf for ASCII text, in about a tenth of the VM opcodes (the port installs it with
 * useChecksum). Lines longer than the buffer fall back to checksumOf's way, a character at a time.
 */
export function wordChecksum(s: string): number {
    const n = s.length
    if (n > MAX_LINE) {
        let c = 0
        for (let i = 0; i < n; i++) c = c ^ (s.charCodeAt(i) & 0xff)
        return c
    }
    buf.fillAt(n, 32, 0)
    buf.blitAt(0, s, 0, n)
    let x = 0
    for (let i = 0; i < n; i += 32)
        x = x ^ buf.getAt(i, "u32") ^ buf.getAt(i + 4, "u32") ^ buf.getAt(i + 8, "u32") ^ buf.getAt(i + 12, "u32") ^
            buf.getAt(i + 16, "u32") ^ buf.getAt(i + 20, "u32") ^ buf.getAt(i + 24, "u32") ^ buf.getAt(i + 28, "u32")
    x = x ^ (x >> 16)
    return (x ^ (x >> 8)) & 0xff
}
