/**
 * The devicescript host (sim/host/devicescript/): the firmware as it runs on the DeviceScript
 * runtime. Exact traces, on a flat calibration table (every path 10 opcodes, the fiber loops
 * none) so that the times follow the model, not the code's costs of the day: at the RP2040's
 * 4.1 us per opcode of kernel code a kernel path is 41 us, at 2.3 us of plain code a plain one
 * 23 us (an idle one-pin scan: its base and its pin, 46 us).
 */
import assert from "node:assert/strict"
import { buildBoard, runScenario } from "../../sim/run"
import { DsBoard } from "../../sim/host/devicescript/board"
import { dsBoard, flatCalibration, scenario } from "../fixtures/sim"

const FLAT = flatCalibration(10)

/** One button on GPIO 14 (falling edge) whose DPC `a` runs 100 opcodes; no periodic report. */
const BUTTON = { sources: [{ name: "btn", gpio: 14, edge: "falling", dpc: "a" }], dpcs: [{ name: "a", opcodes: 100 }], report_ms: 0 }

function board(obj: object, us: number) {
    const b = dsBoard(obj, { calibration: FLAT })
    b.run(us)
    return b
}

describe("devicescript host: the pin scan, the VM's one thread, the runtime's wake and log", () => {
    it("an edge is seen at the next 1 ms scan and stamped in whole ms", () => {
        const b = board({ ...BUTTON, stimulus: [{ gpio: 14, kind: "edges", at_us: [1300] }] }, 3500)
        assert.deepEqual(b.trace.lines, [
            "1000000ns core0 isr pin scan begin",
            "1046000ns core0 isr pin scan end events=0",
            "1300016ns gpio14=0",
            // The scan at 2 ms reads the pin low: it raises the line (stamp 2 ms), the ISR requests a.
            "2000000ns core0 isr pin scan begin",
            "2210000ns core0 isr pin scan end events=1",
            // a's fiber, resumed by the request, runs next: its clock still reads 2 ms, latency 0.
            "2210000ns core0.0 dpc a begin batch=1",
            "2661000ns core0.0 dpc a end",
            "3000000ns core0 isr pin scan begin",
            "3046000ns core0 isr pin scan end events=0",
        ])
        const k = b.board.kernel
        assert.deepEqual([k.line("IO_IRQ_BANK0").count(), k.dpc("a").stats.processed, k.dpc("a").stats.latency.maxNs], [1, 1, 0])
    })

    it("a pulse shorter than the scan interval is never seen: counted missed, no event", () => {
        const b = board({ ...BUTTON, stimulus: [{ gpio: 14, kind: "edges", at_us: [1200, 1500] }] }, 3500)
        assert.deepEqual(b.trace.lines, [
            "1000000ns core0 isr pin scan begin",
            "1046000ns core0 isr pin scan end events=0",
            "1200016ns gpio14=0",
            "1500016ns gpio14=1",
            "2000000ns core0 isr pin scan begin",
            "2046000ns core0 isr pin scan end events=0",
            "3000000ns core0 isr pin scan begin",
            "3046000ns core0 isr pin scan end events=0",
        ])
        assert.deepEqual(b.summary().lines, [{ name: "IO_IRQ_BANK0", core: 0, count: 0, dropped: 0, missed: 1 }])
        assert.equal(b.board.checkInvariants(), "")
    })

    it("two DPCs of the kernel's cores 0 and 1 interleave as fibers on core 0; core 1 stays idle", () => {
        const b = board(
            {
                policy: "cores",
                sources: [
                    { name: "p", gpio: 14, edge: "both", dpc: "a" },
                    { name: "q", gpio: 15, edge: "both", dpc: "b" },
                ],
                dpcs: [
                    { name: "a", opcodes: 300, target: { core: 0 } },
                    { name: "b", opcodes: 300, target: { core: 1 } },
                ],
                stimulus: [
                    { gpio: 14, kind: "edges", at_us: [1300, 3300] },
                    { gpio: 15, kind: "edges", at_us: [1400, 3400] },
                ],
                report_ms: 0,
            },
            9000
        )
        // The runtime runs the newest fiber first: b's (the kernel's core-1 thread, index 1), then a's.
        assert.deepEqual(
            b.trace.lines.filter(l => !l.includes("gpio")),
            [
                "1000000ns core0 isr pin scan begin",
                "1069000ns core0 isr pin scan end events=0",
                "2000000ns core0 isr pin scan begin",
                "2397000ns core0 isr pin scan end events=2",
                "2397000ns core0.1 dpc b begin batch=1",
                "3668000ns core0.1 dpc b end",
                "3668000ns core0.0 dpc a begin batch=1",
                "4939000ns core0.0 dpc a end",
                // Nothing preempts a: the scan due at 3 ms runs when a's slice ends.
                "4939000ns core0 isr pin scan begin",
                "5254000ns core0 isr pin scan end events=2",
                "5254000ns core0.1 dpc b begin batch=1",
                "6525000ns core0.1 dpc b end",
                "6525000ns core0 isr pin scan begin",
                "6594000ns core0 isr pin scan end events=0",
                "6635000ns core0.0 dpc a begin batch=1",
                "7906000ns core0.0 dpc a end",
                "7906000ns core0 isr pin scan begin",
                "7975000ns core0 isr pin scan end events=0",
                "8016000ns core0 isr pin scan begin",
                "8085000ns core0 isr pin scan end events=0",
                "9000000ns core0 isr pin scan begin",
            ]
        )
        const s = b.summary()
        assert.deepEqual(
            s.cores.map(c => [c.id, c.utilization, c.threads.map(t => `${t.id}:${t.dpc_runs}`).join(" ")]),
            [
                [0, 0.698, "0:2 1:2"],
                [1, 0, ""],
            ]
        )
        assert.deepEqual(
            s.dpcs.map(d => [d.name, d.cores_used, d.latency_us.p50, d.latency_us.max]),
            [
                ["a", [0], 1000, 2000],
                ["b", [0], 0, 1000],
            ]
        )
    })

    it("the ESP32's runtime wakes the VM every 10 ms: an edge at 1.3 ms is seen at 10 ms", () => {
        const b = board({ ...BUTTON, board: "esp32", stimulus: [{ gpio: 14, kind: "edges", at_us: [1300] }] }, 22000)
        // 3.2 and 1.8 us per opcode of kernel and plain code (estimates): a path is 32 or 18 us.
        assert.deepEqual(b.trace.lines, [
            "1300025ns gpio14=0",
            "10000000ns core0 isr pin scan begin",
            "10164000ns core0 isr pin scan end events=1",
            "10164000ns core0.0 dpc a begin batch=1",
            "10516000ns core0.0 dpc a end",
            "20000000ns core0 isr pin scan begin",
            "20036000ns core0 isr pin scan end events=0",
        ])
        assert.equal(b.board.vm.pokes, 3) // at 0, 10 and 20 ms
    })

    it("a saturated VM never returns to the runtime's main loop: the report's lines wait in the log", () => {
        // Two level watches raise their line at every scan while their pins are high (50-250 ms):
        // each DPC's long slice (2000 opcodes, 8.2 ms) lets the other fiber's 1 ms sleep expire,
        // so a fiber is always due when a slice ends (the runtime judges by the slice's start ms).
        const run = (high: boolean, fallUs = 250000) => {
            const sc = scenario({
                host: "devicescript",
                sources: [
                    { name: "p", gpio: 14, edge: "high", pull: "down", dpc: "a" },
                    { name: "q", gpio: 15, edge: "high", pull: "down", dpc: "b" },
                ],
                dpcs: [
                    { name: "a", opcodes: 2000 },
                    { name: "b", opcodes: 2000 },
                ],
                stimulus: high
                    ? [
                          { gpio: 14, kind: "edges", at_us: [50000, fallUs] },
                          { gpio: 15, kind: "edges", at_us: [50000, fallUs] },
                      ]
                    : [],
                report_ms: 100,
            })
            const sent: string[] = []
            const b = buildBoard(sc, { calibration: FLAT, onUart: (line, ns) => sent.push(`${ns / 1e3} us ${line.slice(0, line.indexOf(",", 5))}`) }) as DsBoard
            b.runUntil(60e6)
            const passesAt60 = b.vm.passes
            b.runUntil(240e6)
            const passes = b.vm.passes - passesAt60
            b.runUntil(fallUs * 1000 + 150e6)
            return { sent: sent.slice(0, 3), passes, lost: b.log.lostLines }
        }
        // Idle: the report written from 100 ms leaves at once, a line per ~6 ms of the UART's 115200 baud.
        assert.deepEqual(run(false), {
            sent: ["6291.195 us $DPC,boot", "104953.112 us $DPC,line", "111637.14 us $DPC,dpc"],
            passes: 158, // a pass a scan; the kernel tick at 200 ms finds the pins quiet and relaxes the scan to every 4 ms
            lost: 0,
        })
        // Saturated: no return to the main loop from 60 to 240 ms; the lines leave once the pins fall.
        assert.deepEqual(run(true), {
            sent: ["6291.195 us $DPC,boot", "268223.917 us $DPC,line", "274907.945 us $DPC,dpc"],
            passes: 0,
            lost: 0,
        })
        // Saturated for a second: more than the log's 4096-byte ring waits, the oldest lines are overwritten.
        const long = run(true, 1050000)
        assert.deepEqual([long.passes, long.lost, long.sent[1]], [0, 12, "1066959.917 us $DPC,line"])
    })

    it("a scenario's DPC needs opcodes under devicescript, cycles under native: one line each", () => {
        const obj = { sources: [{ name: "b", gpio: 14, edge: "falling", dpc: "a" }], stimulus: [] }
        assert.throws(
            () => scenario({ ...obj, host: "devicescript", dpcs: [{ name: "a", cycles: 100 }] }),
            { message: "test.json: dpcs[0]: missing 'opcodes' for the devicescript host (the routine's VM opcodes per run); 'cycles' is the native host's cost, which does not convert to opcodes" }
        )
        assert.throws(() => scenario({ ...obj, dpcs: [{ name: "a", opcodes: 100 }] }), {
            message: "test.json: dpcs[0]: missing required key 'cycles' (the DPC's CPU cycles per run: the native host's cost); 'opcodes' is the devicescript host's (--host devicescript)",
        })
        assert.throws(() => scenario({ ...obj, host: "devicescript", priorities: { IO_IRQ_BANK0: 1 }, dpcs: [{ name: "a", opcodes: 1 }] }), {
            message: "test.json: priorities: not used by the devicescript host: it has no interrupt priorities (the pin scan and the timer fiber raise the lines, on one VM thread)",
        })
        assert.throws(() => scenario({ ...obj, dpcs: [{ name: "a", cycles: 1 }] }, { host: "vm" }), { message: "--host: must be one of native, devicescript, got 'vm'" })
    })

    it("the firmware defaults to devicescript, synthetic scenarios to native; the run is deterministic and conserved", () => {
        const fw = { app: "firmware", duration_us: 1_200_000, stimulus: [{ gpio: 15, kind: "periodic", period_us: 5000 }] }
        assert.equal(scenario(fw).host, "devicescript")
        assert.equal(scenario({ ...BUTTON, dpcs: [{ name: "a", cycles: 1 }], stimulus: [] }).host, "native")
        const a = runScenario(scenario(fw))
        const b = runScenario(scenario(fw))
        assert.deepEqual(a.summary, b.summary)
        const e = a.summary.events
        assert.equal(e.raised, e.processed + e.dropped + e.pending)
        assert.equal(a.invariants, "")
        assert.equal(a.summary.host, "devicescript")
        assert.equal(a.summary.cores[1].utilization, 0)
    })
})
