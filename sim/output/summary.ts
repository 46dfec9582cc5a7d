/**
 * The run summary of SPEC 3.3 (`dpc-sim run --json`), built from the kernel's statistics and
 * the board's accounting. Keys are written in a fixed order and every time is whole
 * nanoseconds divided by 1000, so the same run always prints the same bytes.
 *
 * Beyond SPEC 3.3: `host` names the host modelled (native or devicescript), and each `lines` entry also has `dropped` (events of the line's sources dropped
 * because a DPC's ring was full) and `missed` (edges or alarm fires the hardware merged into a
 * latched one before the ISR read it), so that no lost event goes unattributed.
 */
import { Histogram } from "../../src/kernel"
import { HostBoard } from "../host/host-board"

export interface Percentiles {
    p50: number
    p99: number
    max: number
}

export interface Summary {
    board: string
    /** The host modelled: native or devicescript. */
    host: string
    policy: string
    seed: number
    simulated_us: number
    events: { raised: number; processed: number; dropped: number; pending: number }
    cores: {
        id: number
        isr_us: number
        dpc_us: number
        idle_us: number
        utilization: number
        threads: { id: number; dpc_runs: number; events: number }[]
    }[]
    dpcs: {
        name: string
        runs: number
        events: number
        coalesced: number
        max_batch: number
        dropped: number
        errors: number
        watchdog: number
        cores_used: number[]
        latency_us: Percentiles
        run_us: Percentiles
    }[]
    lines: { name: string; core: number; count: number; dropped: number; missed: number }[]
}

const us = (ns: number) => ns / 1000

function percentiles(h: Histogram): Percentiles {
    return { p50: us(h.percentileNs(50)), p99: us(h.percentileNs(99)), max: us(h.maxNs) }
}

export function summarize(board: HostBoard, seed: number): Summary {
    const k = board.kernel
    const simNs = board.clock.nowNs()
    const t = k.totals()
    const cores = board.cores.map(c => ({
        id: c.id,
        isr_us: us(c.isrNs),
        dpc_us: us(c.dpcNs),
        idle_us: us(c.idleNs),
        utilization: simNs > 0 ? Math.round(((c.isrNs + c.dpcNs) / simNs) * 10000) / 10000 : 0,
        // On devicescript every thread is a fiber of the one VM: named by its index among all.
        threads: board.threadsOn(c.id).map(th => ({ id: board.host === "native" ? th.thread : th.index, dpc_runs: th.runCount(), events: th.eventCount() })),
    }))
    const dpcs = k.dpcs.map(d => {
        const s = d.stats
        return {
            name: d.name,
            runs: s.runs,
            events: s.processed,
            coalesced: d.coalesced(),
            max_batch: s.maxBatch,
            dropped: s.dropped,
            errors: s.errors,
            watchdog: s.watchdog,
            cores_used: board.coresUsedBy(d),
            latency_us: percentiles(s.latency),
            run_us: percentiles(s.runTime),
        }
    })
    const lines: Summary["lines"] = []
    for (const l of k.lines) {
        for (let c = 0; c < k.cores; c++) {
            const missed = board.missedOn(l.name, c)
            if (l.countByCore[c] === 0 && l.droppedByCore[c] === 0 && c !== l.core && missed === 0) continue
            lines.push({ name: l.name, core: c, count: l.countByCore[c], dropped: l.droppedByCore[c], missed })
        }
    }
    return {
        board: board.spec.id,
        host: board.host,
        policy: k.policyName,
        seed,
        simulated_us: us(simNs),
        events: { raised: t.raised, processed: t.processed, dropped: t.dropped, pending: t.pending },
        cores,
        dpcs,
        lines,
    }
}
