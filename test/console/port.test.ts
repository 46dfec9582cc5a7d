import assert from "node:assert/strict"
import { formatRecord } from "../../src/kernel"
import { main } from "../../console/cli"
import { InputError } from "../../sim/input-error"
import { Session } from "../../console/session"
import { PortSource, PortTimers } from "../../console/sources/port-source"
import { MockWire, waitFor } from "./mock-wire"

const PATH = "/dev/ttyMOCK0"
const BOOT = formatRecord("boot", ["board", "cores", "policy", "threads", "version"], ["rp2040", 2, "cores", 2, "0.1.0"])
const LINE1 = formatRecord("line", ["name", "core", "count", "dropped"], ["IO_IRQ_BANK0", 0, 120, 2])
const LINE2 = formatRecord("line", ["name", "core", "count", "dropped"], ["IO_IRQ_BANK0", 0, 170, 2])
const DPC = formatRecord("dpc", ["name", "runs", "events", "lat_p99_us"], ["debounce", 40, 118, 18.5])
const CORE = formatRecord("core", ["id", "util", "qmax"], [0, 57.8, 4])
const EVENTS = formatRecord("events", ["raised", "processed", "dropped", "pending"], [1120, 1118, 2, 0])

/** Timers the test fires by hand, and a wall clock it sets. */
class FakeTimers implements PortTimers {
    now = 0
    readonly waits: number[] = []
    private pending: (() => void) | null = null
    nowMs() {
        return this.now
    }
    setTimeout(fn: () => void, ms: number) {
        assert.equal(this.pending, null, "one retry timer at a time")
        this.waits.push(ms)
        this.pending = fn
        return fn
    }
    clearTimeout() {
        this.pending = null
    }
    get armed() {
        return this.pending !== null
    }
    fire() {
        const fn = this.pending!
        this.pending = null
        fn()
    }
}

function jsonSession(out: string[], err: string[]): Session {
    return new Session({ mode: "json", label: PATH, out: l => out.push(l), err: l => err.push(l) })
}

describe("console on a serial port (@serialport/binding-mock)", () => {
    const wire = new MockWire()
    beforeEach(() => wire.reset())
    afterEach(() => wire.reset())

    it("reads records arriving one byte per read, interleaved with garbage and bad checksums", async () => {
        wire.create(PATH, 1) // every read returns one byte: records split at every byte boundary
        const timers = new FakeTimers()
        timers.now = 5000
        const out: string[] = []
        const err: string[] = []
        const session = jsonSession(out, err)
        const source = new PortSource(PATH, { factory: wire.factory, timers })
        const done = source.run(session)
        await waitFor(() => wire.isOpen(PATH), "open")
        const badDpc = DPC.replace("runs=40", "runs=41")
        wire.emit(PATH, Buffer.concat([
            Buffer.from([0x00, 0xff, 0xc3, 0x28, 0x0d]), // a break and invalid UTF-8: garbage
            Buffer.from(`${BOOT}\r\nboot: hello\n~~${LINE1}\r${badDpc}\r\n${DPC}\n$DPC,core,id=0,ut\n${CORE}\r\n${EVENTS}\n`, "latin1"),
        ]))
        await waitFor(() => session.reader.records === 5 && session.reader.rejected === 3, "all lines")
        source.stop()
        await done
        assert.equal(wire.isOpen(PATH), false)
        assert.deepEqual(out, [
            '{"kind":"boot","board":"rp2040","cores":2,"policy":"cores","threads":2,"version":"0.1.0"}',
            '{"kind":"line","name":"IO_IRQ_BANK0","core":0,"count":120,"dropped":2}',
            '{"kind":"dpc","name":"debounce","runs":40,"events":118,"lat_p99_us":18.5}',
            '{"kind":"core","id":0,"util":57.8,"qmax":4}',
            '{"kind":"events","raised":1120,"processed":1118,"dropped":2,"pending":0}',
        ])
        assert.deepEqual(session.reader.rejects, { "bad-checksum": 1, truncated: 1, malformed: 0, overlong: 0, garbage: 1 })
        assert.equal(session.reader.textLines, 1)
        assert.deepEqual(err, [])
        assert.deepEqual(session.model.lineRows(), [{ name: "IO_IRQ_BANK0", core: 0, count: 120, dropped: 2, rate: null, atMs: 5000, refCount: 120, refAtMs: 5000 }])
    })

    it("survives a disconnect: counts the cut line, retries with backoff, says so, and reads on", async () => {
        wire.create(PATH)
        const timers = new FakeTimers()
        const out: string[] = []
        const err: string[] = []
        const session = jsonSession(out, err)
        const source = new PortSource(PATH, { factory: wire.factory, timers, backoffMinMs: 250, backoffMaxMs: 800 })
        const done = source.run(session)
        await waitFor(() => wire.isOpen(PATH), "open")
        timers.now = 1000
        wire.emit(PATH, `${BOOT}\n${LINE1}\n${DPC.slice(0, 25)}`)
        await waitFor(() => session.reader.records === 2, "first records")

        wire.unplug(PATH)
        await waitFor(() => timers.armed, "retry timer")
        assert.deepEqual(err, [`dpc-console: ${PATH}: disconnected (device disconnected); retrying with backoff`])
        assert.equal(session.reader.rejects.truncated, 1, "the line cut by the disconnect")
        for (let i = 0; i < 3; i++) {
            timers.fire() // the port is still gone: the attempt fails and a longer wait is armed
            await waitFor(() => timers.armed, `retry ${i + 2}`)
        }
        assert.deepEqual(timers.waits, [250, 500, 800, 800])
        wire.plug(PATH)
        timers.fire()
        await waitFor(() => wire.isOpen(PATH), "reopen")
        assert.deepEqual(err.slice(1), [`dpc-console: ${PATH}: reconnected after 4 attempts`])
        assert.deepEqual(wire.opens, [PATH, PATH, PATH, PATH, PATH])

        timers.now = 3000
        wire.emit(PATH, `0}\n${LINE2}\n${DPC}\n`) // the rest of the cut line is noise now
        await waitFor(() => session.reader.records === 4, "records after reconnect")
        source.stop()
        await done
        assert.deepEqual(out, [
            '{"kind":"boot","board":"rp2040","cores":2,"policy":"cores","threads":2,"version":"0.1.0"}',
            '{"kind":"line","name":"IO_IRQ_BANK0","core":0,"count":120,"dropped":2}',
            '{"kind":"line","name":"IO_IRQ_BANK0","core":0,"count":170,"dropped":2}',
            '{"kind":"dpc","name":"debounce","runs":40,"events":118,"lat_p99_us":18.5}',
        ])
        assert.deepEqual(session.reader.rejects, { "bad-checksum": 0, truncated: 1, malformed: 0, overlong: 0, garbage: 0 })
        assert.equal(session.reader.textLines, 1) // "0}"
        // 50 interrupts in 2 s of wall time
        assert.equal(session.model.lineRows()[0].rate, 25)
        assert.equal(timers.armed, false)
    })

    it("a port that does not exist or is busy is one line of bad input", async () => {
        const sink = jsonSession([], [])
        await assert.rejects(new PortSource("/dev/ttyNONE", { factory: wire.factory }).run(sink), new InputError("/dev/ttyNONE", "", "no such port (see `dpc-console list`)"))

        wire.create(PATH)
        const first = new PortSource(PATH, { factory: wire.factory })
        const firstDone = first.run(jsonSession([], []))
        await waitFor(() => wire.isOpen(PATH), "open")
        const out: string[] = []
        const err: string[] = []
        const code = await main([PATH, "--json"], { out: t => out.push(t), err: t => err.push(t), isTTY: false, portFactory: wire.factory })
        assert.equal(code, 2)
        assert.deepEqual(err, [`dpc-console: ${PATH}: busy: another program has it open\n`])
        assert.deepEqual(out, [])
        first.stop()
        await firstDone
    })

    it("stop() while the port waits to reopen ends the run", async () => {
        wire.create(PATH)
        const timers = new FakeTimers()
        const source = new PortSource(PATH, { factory: wire.factory, timers })
        const err: string[] = []
        const done = source.run(jsonSession([], err))
        await waitFor(() => wire.isOpen(PATH), "open")
        wire.unplug(PATH)
        await waitFor(() => timers.armed, "retry timer")
        source.stop()
        await done
        assert.equal(timers.armed, false)
        assert.equal(err.length, 1)
    })
})
