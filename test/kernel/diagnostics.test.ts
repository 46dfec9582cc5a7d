import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import fc from "fast-check"
import {
    MAX_NAME,
    MAX_RECORD,
    Fault,
    coreRecord,
    eventsRecord,
    lineRecords,
    bootRecord,
    checksumOf,
    decodeValue,
    dpcRecords,
    encodeValue,
    faultRecord,
    formatNumber,
    formatRecord,
    hex2,
    numberOf,
    parseLine,
    recordToObject,
    Kernel,
    ManualClock,
    VERSION,
} from "../../src/kernel"
import { addRecorded, addSources, makeKernel } from "../fixtures/kernel"

/** Re-frames a body with a correct checksum, for hand-made lines. */
function framed(body: string): string {
    return `$${body}*${hex2(checksumOf(body))}`
}

describe("diagnostics lines (SPEC 3.4)", () => {
    it("formats a record with an NMEA-style XOR checksum", () => {
        const line = formatRecord("dpc", ["name", "runs", "lat_p50_us"], ["debounce", 10, 12.5])
        assert.equal(line, "$DPC,dpc,name=debounce,runs=10,lat_p50_us=12.5*" + hex2(checksumOf("DPC,dpc,name=debounce,runs=10,lat_p50_us=12.5")))
        // Checksum computed by hand for a short body: 'D'^'P'^'C'^','^'x' = 0x44^0x50^0x43^0x2C^0x78
        assert.equal(formatRecord("x", [], []), "$DPC,x*" + hex2(0x44 ^ 0x50 ^ 0x43 ^ 0x2c ^ 0x78))
        assert.equal(hex2(0x44 ^ 0x50 ^ 0x43 ^ 0x2c ^ 0x78), "03")
    })

    it("round-trips records, numbers as numbers in the JSON form", () => {
        const line = formatRecord("core", ["id", "util", "note"], [1, 57.25, "a,b*c=d$e%f"])
        const r = parseLine(line + "\r\n")
        assert.equal(r.status, "ok")
        assert.deepEqual(r.record, { kind: "core", keys: ["id", "util", "note"], values: ["1", "57.25", "a,b*c=d$e%f"] })
        assert.deepEqual(recordToObject(r.record!), { kind: "core", id: 1, util: 57.25, note: "a,b*c=d$e%f" })
    })

    it("round-trips any text value and any number (property)", () => {
        fc.assert(
            fc.property(fc.string({ unit: "binary-ascii" }), fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 999_999 }), (text, whole, milli) => {
                const frac = whole + milli / 1000
                const line = formatRecord("t", ["s", "i", "f"], [text, whole, frac])
                assert.match(line, /^[\x20-\x7e]+$/, "ASCII only")
                const r = parseLine(line)
                assert.equal(r.status, "ok", line)
                assert.equal(r.record!.values[0], text)
                assert.equal(numberOf(r.record!.values[1]), whole)
                assert.equal(numberOf(r.record!.values[2]), Number(formatNumber(frac)))
                assert.ok(Math.abs(numberOf(r.record!.values[2]) - frac) <= 0.0005 + 1e-9)
            }),
            { numRuns: 300 }
        )
    })

    it("formats numbers the same way on every host", () => {
        assert.deepEqual(
            [0, -0, 7, -7, 1234567890123, 12.5, 1 / 3, 2 / 3, -0.0004, -0.0006, 0.1 + 0.2, 99.9996, NaN, Infinity, -Infinity].map(formatNumber),
            ["0", "0", "7", "-7", "1234567890123", "12.5", "0.333", "0.667", "0", "-0.001", "0.3", "100", "nan", "inf", "-inf"]
        )
    })

    it("rejects a bad checksum, and truncated lines", () => {
        const good = formatRecord("dpc", ["name", "runs"], ["a", 1])
        const bad = good.slice(0, -2) + (good.endsWith("00") ? "01" : "00")
        assert.equal(parseLine(bad).status, "bad-checksum")
        const tampered = good.replace("runs=1", "runs=7")
        assert.equal(parseLine(tampered).status, "bad-checksum")
        for (let cut = 5; cut < good.length; cut++) {
            const st = parseLine(good.slice(0, cut)).status
            assert.ok(st === "truncated" || st === "bad-checksum", `cut at ${cut}: ${st}`)
        }
        assert.equal(parseLine(good.slice(0, -1)).status, "truncated")
        assert.equal(parseLine(good.slice(0, -3)).status, "truncated")
        assert.equal(parseLine("$DPC,dpc,runs=1*G1").status, "truncated")
    })

    it("passes other lines through as text, and finds a record after garbage on its line", () => {
        assert.equal(parseLine("I (312) boot: ESP-IDF v5.1").status, "text")
        assert.equal(parseLine("").status, "text")
        assert.equal(parseLine("$GPGGA,123519,4807.038,N*47").status, "text")
        const good = formatRecord("line", ["name", "count"], ["irq", 3])
        const r = parseLine("\u0000\u00ff\u00fegarbage" + good)
        assert.equal(r.status, "ok")
        assert.deepEqual(recordToObject(r.record!), { kind: "line", name: "irq", count: 3 })
    })

    it("tolerates unknown kinds and keys (readers ignore what they do not know)", () => {
        const r = parseLine(framed("DPC,future,shiny=1,new_key=x"))
        assert.equal(r.status, "ok")
        assert.deepEqual(recordToObject(r.record!), { kind: "future", shiny: 1, new_key: "x" })
    })

    it("rejects malformed bodies with a correct checksum", () => {
        for (const body of ["DPC,dpc,noequals", "DPC,dpc,=1", "DPC,Bad,x=1", "DPC,dpc,k=%4", "DPC,dpc,k=%ZZ", "DPC,", "DPC,dpc,Key=1"])
            assert.equal(parseLine(framed(body)).status, "malformed", body)
    })

    it("keeps field values that are not formatNumber numbers as text", () => {
        assert.deepEqual(
            ["1e3", "0x10", "1.", ".5", "--1", "12345678901234567", "-", ""].map(numberOf).map(n => Number.isNaN(n)),
            [true, true, true, true, true, true, true, true]
        )
        assert.equal(decodeValue(encodeValue("\u20ac")), "?", "non-Latin-1 text degrades to '?'")
    })

    it("the kernel's records describe its state", () => {
        const b = makeKernel({ cores: 2 })
        const [a] = addRecorded(b, ["a"], [{ ring: 1 }])
        const [s] = addSources(b, 1)
        b.kernel.start()
        b.req(a, s, 1)
        b.req(a, s, 2)
        b.clock.setNs(2500)
        b.drain()
        assert.equal(recordToObject(parseLine(bootRecord(b.kernel, "rp2040")).record!).version, VERSION)
        assert.deepEqual(
            dpcRecords(b.kernel).map(l => recordToObject(parseLine(l).record!)),
            [
                { kind: "dpc", name: "a", runs: 1, events: 1, coalesced: 0, max_batch: 1, pending: 0, cores: 0 },
                { kind: "lat", name: "a", lat_p50_us: 2.5, lat_p99_us: 2.5, lat_max_us: 2.5, run_max_us: 0 },
                { kind: "faults", name: "a", dropped: 1, errors: 0, watchdog: 0 },
            ]
        )
    })

    it("every record fits a board's log line, with the longest names and the largest counters", () => {
        const long = (c: string) => c.repeat(MAX_NAME)
        const b = makeKernel({ cores: 16, policy: "round-robin" })
        const dpc = b.kernel.addDpc({ name: long("d"), routine: () => {} })
        const line = b.kernel.addLine(long("l"), 15)
        const src = b.kernel.addSource(long("s"), line)
        b.kernel.start()
        const big = 9_999_999_999
        const ringMax = 1_048_576 // the largest ring a scenario may have
        const st = dpc.stats as any
        for (const k of ["runs", "processed", "dropped", "errors", "watchdog", "leftoverRuns"]) st[k] = big
        st.maxBatch = ringMax
        ;(dpc.ring as any).count = ringMax
        st.coresSeen = 0xffff
        for (const h of [st.latency, st.runTime]) h.record(68_719_476_735.999) // just below 2^36 ns
        line.countByCore[15] = big
        line.droppedByCore[15] = big
        ;(src as any).raised = big
        for (const t of b.kernel.threads) (t as any).runs = big
        b.kernel.isrNsByCore[15] = 86_400e9
        const fault = new Fault()
        fault.dpc = dpc
        fault.source = src
        fault.core = 15
        fault.count = big
        fault.runNs = 86_400e9
        fault.message = "%,*$=".repeat(100)
        const records = [
            bootRecord(b.kernel, long("b")),
            ...lineRecords(b.kernel),
            ...dpcRecords(b.kernel),
            coreRecord(b.kernel, 15, 1),
            eventsRecord(b.kernel, big),
            ...(["overflow", "watchdog", "error"] as const).map(kind => {
                fault.kind = kind
                return faultRecord(fault)
            }),
        ]
        for (const r of records) {
            assert.ok(r.length <= MAX_RECORD, `${r.length} > ${MAX_RECORD}: ${r}`)
            assert.equal(parseLine(r).status, "ok", r)
        }
        assert.equal(MAX_RECORD + "> ".length + 1, 159, "DeviceScript's DMESG line: 160 bytes with its NUL")
    })

    it("reports the package's version in the boot record", () => {
        const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8"))
        assert.equal(VERSION, pkg.version)
    })

    it("formats each kind of fault as an err record", () => {
        const clock = new ManualClock()
        const errs: string[] = []
        const k = new Kernel({ cores: 1, clock, onFault: f => errs.push(faultRecord(f)) })
        const line = k.addLine("IO_IRQ_BANK0")
        const s = k.addSource("s0", line)
        const a = k.addDpc({
            name: "a",
            ring: 1,
            routine: () => {
                throw new Error("bad, very*bad")
            },
        })
        const slow = k.addDpc({ name: "slow", watchdogNs: 1000, routine: () => clock.advanceNs(1500) })
        k.start()
        k.requestOn(a, s, 1, 0, 0)
        k.requestOn(a, s, 2, 0, 0)
        k.requestOn(slow, s, 3, 0, 0)
        while (k.dispatcher.runNext(k.threads[0]) !== null) {}
        assert.deepEqual(
            errs.map(l => recordToObject(parseLine(l).record!)),
            [
                { kind: "err", fault: "overflow", dpc: "a", line: "IO_IRQ_BANK0", source: "s0", core: 0, count: 1 },
                { kind: "err", fault: "error", dpc: "a", core: 0, count: 1, message: "bad, very*bad" },
                { kind: "err", fault: "watchdog", dpc: "slow", core: 0, run_us: 1.5, count: 1 },
            ]
        )
    })
})
