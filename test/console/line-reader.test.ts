import assert from "node:assert/strict"
import { formatRecord, recordToObject } from "../../src/kernel"
import { LineSplitter } from "../../console/line-splitter"
import { classifyLine, LineReader, ReaderEvent, zeroRejects } from "../../console/reader"

/** Runs the splitter over chunks; lines as `text` or `text [overlong]`. */
function split(chunks: (string | Buffer)[], maxBytes = 1024, flush = false): string[] {
    const out: string[] = []
    const s = new LineSplitter((b, overlong) => out.push(b.toString("latin1") + (overlong ? " [overlong]" : "")), maxBytes)
    for (const c of chunks) s.push(typeof c === "string" ? Buffer.from(c, "latin1") : c)
    if (flush) s.flush()
    return out
}

/** What a reader makes of a whole stream: records as objects, text, rejects as `!reason`. */
function read(chunks: Buffer[], maxBytes = 1024): { events: unknown[]; rejects: ReturnType<typeof zeroRejects> } {
    const events: unknown[] = []
    const r = new LineReader((e: ReaderEvent) => {
        if (e.type === "record") events.push(recordToObject(e.record))
        else if (e.type === "text") events.push(e.text)
        else events.push(`!${e.reason}`)
    }, maxBytes)
    for (const c of chunks) r.push(c)
    r.flush()
    return { events, rejects: r.rejects }
}

const BOOT = formatRecord("boot", ["board", "cores", "policy", "threads", "version"], ["rp2040", 2, "cores", 2, "0.1.0"])
const DPC = formatRecord("dpc", ["name", "runs", "lat_p99_us"], ["debounce", 10, 18.5])
const CORE = formatRecord("core", ["id", "util", "qmax"], [1, 13.3, 4])

describe("console line splitter", () => {
    it("ends lines at LF, CR and CRLF and skips empty lines", () => {
        assert.deepEqual(split(["a\nb\rc\r\nd\n\n\r\n\re"]), ["a", "b", "c", "d"])
        assert.deepEqual(split(["a\nb\rc\r\nd\n\n\r\n\re"], 1024, true), ["a", "b", "c", "d", "e"])
    })

    it("keeps a CRLF split across two reads as one terminator", () => {
        assert.deepEqual(split(["a\r", "\nb\r", "", "\n", "c\n"]), ["a", "b", "c"])
        // CR, then LF much later (after other bytes) is two terminators around a line
        assert.deepEqual(split(["a\r", "x\n"]), ["a", "x"])
    })

    it("gives the same lines whatever the reads look like (every split point, and byte by byte)", () => {
        const stream = Buffer.from(`junk\r\n${BOOT}\r${DPC}\n\n${CORE}\r\ntail`, "latin1")
        const whole = split([stream], 1024, true)
        assert.deepEqual(whole, ["junk", BOOT, DPC, CORE, "tail"])
        for (let k = 0; k <= stream.length; k++) assert.deepEqual(split([stream.subarray(0, k), stream.subarray(k)], 1024, true), whole, `split at ${k}`)
        assert.deepEqual(split([...stream].map(b => Buffer.from([b])), 1024, true), whole)
    })

    it("cuts an overlong line once, drops the rest of it, and takes the next line whole", () => {
        assert.deepEqual(split(["01234567\n", "012345678\nab\n"], 8), ["01234567", "01234567 [overlong]", "ab"])
        // overlong across many reads is still one cut line
        assert.deepEqual(split(["0123", "4567", "89", "abcdefgh", "\r", "\nxy\n"], 8), ["01234567 [overlong]", "xy"])
        // the dropped tail is not given at flush either
        assert.deepEqual(split(["0123456789"], 8, true), ["01234567 [overlong]"])
    })

    it("flush gives the partial line once", () => {
        assert.deepEqual(split(["abc"], 8, true), ["abc"])
        const out: string[] = []
        const s = new LineSplitter(b => out.push(b.toString()), 8)
        s.push(Buffer.from("ab"))
        assert.equal(s.pending, 2)
        s.flush()
        s.flush()
        s.push(Buffer.from("\ncd\n"))
        assert.deepEqual(out, ["ab", "cd"])
    })
})

describe("console line reader", () => {
    it("classifies lines: records, text, and every reject reason", () => {
        const bad = DPC.slice(0, -2) + (DPC.slice(-2) === "00" ? "01" : "00")
        const line = (s: string) => classifyLine(Buffer.from(s, "latin1"), false)
        assert.equal(line(DPC)[0].type, "record")
        assert.deepEqual(line("\x00\x00garbage" + DPC), [{ type: "record", record: { kind: "dpc", keys: ["name", "runs", "lat_p99_us"], values: ["debounce", "10", "18.5"] }, line: DPC }])
        assert.deepEqual(line("hello\tworld \x1b[1mbold"), [{ type: "text", text: "hello\tworld bold" }])
        assert.deepEqual(classifyLine(Buffer.from("21 °C", "utf8"), false), [{ type: "text", text: "21 °C" }])
        assert.deepEqual(line("21 \xb0C"), [{ type: "reject", reason: "garbage", line: "21 \xb0C" }])
        assert.deepEqual(line("a\x00b"), [{ type: "reject", reason: "garbage", line: "a\x00b" }])
        assert.deepEqual(line(bad), [{ type: "reject", reason: "bad-checksum", line: bad }])
        assert.deepEqual(line("$DPC,dpc,name=x"), [{ type: "reject", reason: "truncated", line: "$DPC,dpc,name=x" }])
        assert.deepEqual(line("$DPC,dpc,name*27"), [{ type: "reject", reason: "malformed", line: "$DPC,dpc,name*27" }])
        assert.deepEqual(classifyLine(Buffer.from(DPC), true), [{ type: "reject", reason: "overlong", line: DPC }])
    })

    it("a record with one corrupted byte (even a non-ASCII one) is a bad checksum", () => {
        const bytes = Buffer.from(DPC, "latin1")
        for (let i = "$DPC,".length; i < bytes.length - 3; i++) {
            const b = Buffer.from(bytes)
            b[i] ^= 0x80
            assert.deepEqual(read([b, Buffer.from("\n")]).events, ["!bad-checksum"], `byte ${i}`)
        }
    })

    it("reads records split at every byte boundary, interleaved with garbage and bad checksums", () => {
        const badCore = CORE.replace("qmax=4", "qmax=5")
        const stream = Buffer.concat([
            Buffer.from([0xff, 0xfe, 0x00, 0x0a]),
            Buffer.from(`${BOOT}\r\n~~noise~~${DPC}\r${badCore}\nlog: ok\n${CORE}\n$DPC,core,id=`, "latin1"),
        ])
        const expected = {
            events: [
                "!garbage",
                { kind: "boot", board: "rp2040", cores: 2, policy: "cores", threads: 2, version: "0.1.0" },
                { kind: "dpc", name: "debounce", runs: 10, lat_p99_us: 18.5 },
                "!bad-checksum",
                "log: ok",
                { kind: "core", id: 1, util: 13.3, qmax: 4 },
                "!truncated",
            ],
            rejects: { "bad-checksum": 1, truncated: 1, malformed: 0, overlong: 0, garbage: 1 },
        }
        for (let k = 0; k <= stream.length; k++)
            for (const m of [k, Math.min(stream.length, k + 7)])
                assert.deepEqual(read([stream.subarray(0, k), stream.subarray(k, m), stream.subarray(m)]), expected, `split at ${k}, ${m}`)
    })

    it("a reset in the middle of a record: the cut-off record is rejected, the whole one after it on the same line kept", () => {
        const cut = DPC.slice(0, 20)
        assert.deepEqual(read([Buffer.from(`${cut}${BOOT}\n${CORE}\n`, "latin1")]).events, [
            "!truncated",
            { kind: "boot", board: "rp2040", cores: 2, policy: "cores", threads: 2, version: "0.1.0" },
            { kind: "core", id: 1, util: 13.3, qmax: 4 },
        ])
        // garbage, a cut-off record, and a record whose checksum is bad, before a good one
        const bad = CORE.replace("qmax=4", "qmax=5")
        assert.deepEqual(read([Buffer.from(`\xff~${cut}${bad}${DPC}\n`, "latin1")]).events, ["!truncated", "!bad-checksum", { kind: "dpc", name: "debounce", runs: 10, lat_p99_us: 18.5 }])
    })

    it("two records glued on one line are both read", () => {
        const r = read([Buffer.from(`${BOOT}${DPC}\r\n${DPC} ${CORE}\n`, "latin1")])
        assert.deepEqual(r.events, [
            { kind: "boot", board: "rp2040", cores: 2, policy: "cores", threads: 2, version: "0.1.0" },
            { kind: "dpc", name: "debounce", runs: 10, lat_p99_us: 18.5 },
            { kind: "dpc", name: "debounce", runs: 10, lat_p99_us: 18.5 },
            { kind: "core", id: 1, util: 13.3, qmax: 4 },
        ])
        assert.deepEqual(r.rejects, zeroRejects())
    })

    it("terminal escape sequences are taken out before a line is read (devs run colours its log even into a file)", () => {
        // as `devs run ... > cap.log` writes console.log output: grey, with a reset at the end
        const colored = [`\x1b[90m> ${BOOT}\x1b[0m`, `\x1b[32m\x1b[1m>\x1b[22m ${DPC}\x1b[39m`, `\x1b]0;devs\x07\x1b[2K${CORE}`, `\x1b[33mwarning\x1b[0m: slow`].join("\n")
        const r = read([Buffer.from(colored + "\n", "latin1")])
        assert.deepEqual(r.events, [
            { kind: "boot", board: "rp2040", cores: 2, policy: "cores", threads: 2, version: "0.1.0" },
            { kind: "dpc", name: "debounce", runs: 10, lat_p99_us: 18.5 },
            { kind: "core", id: 1, util: 13.3, qmax: 4 },
            "warning: slow",
        ])
        assert.deepEqual(r.rejects, zeroRejects())
    })

    it("counts records, text lines and rejects", () => {
        const r = new LineReader(() => {}, 16)
        r.push(Buffer.from(`x\n${formatRecord("a", [], [])}\n${"y".repeat(40)}\n\xff\n`, "latin1"))
        assert.deepEqual([r.records, r.textLines, r.rejected], [1, 1, 2])
        assert.deepEqual(r.rejects, { "bad-checksum": 0, truncated: 0, malformed: 0, overlong: 1, garbage: 1 })
    })
})
