/**
 * Figure 3: what the method gains. For rp2040 and esp32, at offered loads of 50-250 % of one
 * core, throughput and ISR-to-DPC latency for every policy, against `single-thread` (one DPC
 * thread for everything: the prior art), all in virtual time (exact and repeatable).
 *
 * The workload: four sources, each with its own DPC costing WORK_CYCLES per event: two GPIO
 * pins with Poisson arrivals, their interrupt on core 0, and two periodic timer alarms whose
 * interrupt goes to core 1. Each source offers a quarter of the load:
 *     rate = load x clockHz / (4 x WORK_CYCLES)
 * Throughput is events processed per simulated second; latency merges all four DPCs.
 */
import { BucketLayout, Histogram, POLICIES, PolicyName } from "../src/kernel"
import { SIM_HISTOGRAM_SUB_BITS } from "../sim/board"
import { loadBoard } from "../sim/board-spec"
import { runScenario } from "../sim/run"
import { checkScenario } from "../sim/scenario/load"
import { Figure, figure } from "./figure"

export const WORK_CYCLES = 4000
export const LOADS = [50, 100, 150, 200, 250]
export const BOARDS = ["rp2040", "esp32"]

export interface GainRow {
    board: string
    load: number
    policy: string
    eventsPerSec: number
    offeredPerSec: number
    p50us: number
    p99us: number
    dropped: number
}

export function gainScenario(board: string, load: number, policy: PolicyName, durationUs: number, seed = 1) {
    const clockHz = loadBoard(board).clockHz
    const rate = ((load / 100) * clockHz) / (4 * WORK_CYCLES)
    const periodUs = 1e6 / rate
    const pins = board === "rp2040" ? [10, 11] : [4, 5]
    return checkScenario(
        {
            version: 1,
            board,
            policy,
            seed,
            duration_us: durationUs,
            report_ms: 0,
            sources: [
                { name: "pin_a", gpio: pins[0], edge: "rising", isr_cycles: 60, core: 0, dpc: "a" },
                { name: "pin_b", gpio: pins[1], edge: "rising", isr_cycles: 60, core: 0, dpc: "b" },
                { name: "timer_c", alarm: 0, period_us: Math.round(periodUs * 1000) / 1000, isr_cycles: 40, core: 1, dpc: "c" },
                { name: "timer_d", alarm: 1, period_us: Math.round(periodUs * 1000) / 1000, start_us: periodUs / 2, isr_cycles: 40, core: 1, dpc: "d" },
            ],
            dpcs: ["a", "b", "c", "d"].map(name => ({ name, cycles: 200, cycles_per_event: WORK_CYCLES - 200, ring: 256, budget_events: 16 })),
            stimulus: [
                { gpio: pins[0], kind: "poisson", rate_hz: rate, width_us: 0.5 },
                { gpio: pins[1], kind: "poisson", rate_hz: rate, width_us: 0.5 },
            ],
        },
        `figure 3 ${board} ${load}% ${policy}`
    )
}

export function gainRow(board: string, load: number, policy: PolicyName, durationUs: number): GainRow {
    const sc = gainScenario(board, load, policy, durationUs)
    const r = runScenario(sc)
    if (r.invariants !== "") throw new Error(`figure 3 ${board} ${load}% ${policy}: ${r.invariants}`)
    const merged = new Histogram(new BucketLayout(SIM_HISTOGRAM_SUB_BITS))
    for (const d of r.board.kernel.dpcs) merged.add(d.stats.latency)
    const secs = sc.durationNs / 1e9
    const clockHz = sc.board.clockHz
    return {
        board,
        load,
        policy,
        eventsPerSec: r.summary.events.processed / secs,
        offeredPerSec: ((load / 100) * clockHz) / WORK_CYCLES,
        p50us: merged.percentileNs(50) / 1000,
        p99us: merged.percentileNs(99) / 1000,
        dropped: r.summary.events.dropped,
    }
}

export function gainRows(quick: boolean): GainRow[] {
    const rows: GainRow[] = []
    const durationUs = quick ? 20_000 : 500_000
    for (const board of BOARDS) for (const load of LOADS) for (const policy of POLICIES) rows.push(gainRow(board, load, policy, durationUs))
    return rows
}

export function gainFigures(rows: GainRow[]): Figure[] {
    const out: Figure[] = []
    for (const board of BOARDS)
        for (const load of LOADS) {
            const base = rows.find(r => r.board === board && r.load === load && r.policy === "single-thread")!
            for (const r of rows.filter(x => x.board === board && x.load === load && x.policy !== "single-thread"))
                out.push(
                    figure(`F3`, `${board} ${load}% load, ${r.policy}: events processed/s`, r.eventsPerSec, "events/s", "single-thread", base.eventsPerSec, {
                        note: `p50/p99 latency ${r.p50us.toFixed(1)}/${r.p99us.toFixed(1)} us vs ${base.p50us.toFixed(1)}/${base.p99us.toFixed(1)} us; offered ${Math.round(r.offeredPerSec)}/s; dropped ${r.dropped} vs ${base.dropped}`,
                    })
                )
        }
    return out
}

/**
 * Figure 3 as two Markdown tables (for BENCHMARKS.md): throughput of each policy as a ratio to
 * single-thread, and p50/p99 latency of each policy, one row per board and load.
 */
export function gainTable(rows: GainRow[]): string {
    const policies = POLICIES.filter(p => p !== "single-thread")
    const row = (b: string, l: number, p: string) => rows.find(r => r.board === b && r.load === l && r.policy === p)!
    const out = [
        `| board | load | offered /s | single-thread /s | ${policies.join(" | ")} |`,
        `| --- | ---: | ---: | ---: | ${policies.map(() => "---:").join(" | ")} |`,
    ]
    for (const b of BOARDS)
        for (const l of LOADS) {
            const base = row(b, l, "single-thread")
            const ratios = policies.map(p => `${(row(b, l, p).eventsPerSec / base.eventsPerSec).toFixed(2)}x`)
            out.push(`| ${b} | ${l}% | ${Math.round(base.offeredPerSec)} | ${Math.round(base.eventsPerSec)} | ${ratios.join(" | ")} |`)
        }
    out.push("", `| board | load | ${POLICIES.map(p => `${p} p50 / p99 us`).join(" | ")} |`, `| --- | ---: | ${POLICIES.map(() => "---:").join(" | ")} |`)
    for (const b of BOARDS)
        for (const l of LOADS) out.push(`| ${b} | ${l}% | ${POLICIES.map(p => `${row(b, l, p).p50us.toFixed(0)} / ${row(b, l, p).p99us.toFixed(0)}`).join(" | ")} |`)
    return out.join("\n")
}
