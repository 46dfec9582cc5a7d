/**
 * The limits a scenario is held to beyond what its schema states per value (docs/limits.md):
 * the ones that take several values together. Each is checked at validation, so a scenario
 * that validates runs to its end in bounded memory and in minutes, not days.
 */
import { StimulusSpec } from "./scenario"

/** Longest simulated time: one day (the schema's duration_us maximum, and --duration-ms's). */
export const MAX_DURATION_NS = 86_400_000_000_000

/** Pending-event ring slots of all a scenario's DPCs together (4 numbers each: 32 MiB). */
export const MAX_RING_SLOTS = 1 << 20

/**
 * Agenda events a run may cause: edges, alarm fires, kernel ticks, report lines. About ten
 * minutes at the simulator's speed on a slow machine (BENCHMARKS.md).
 */
export const MAX_RUN_EVENTS = 1e9

export interface EventEstimate {
    /** JSON path of what causes them (`stimulus[2]`, `sources[1].period_us`, `tick_us`). */
    path: string
    events: number
}

/** Pin edges a stimulus item makes within `durationNs` (an upper bound). */
export function stimulusEdges(s: StimulusSpec, durationNs: number): number {
    switch (s.kind) {
        case "poisson":
            return Math.min(s.count, (s.rateHz * Math.max(0, durationNs - s.startNs)) / 1e9) * 2
        case "periodic":
            return Math.min(s.count, Math.max(0, durationNs - s.startNs) / s.periodNs + 1) * 2
        case "burst":
            return s.count * 2
        case "bounce":
            return s.edges
        case "edges":
            return s.atNs.length
    }
}

/** The largest contribution, when the total passes MAX_RUN_EVENTS; null when within it. */
export function overBudget(parts: EventEstimate[]): { worst: EventEstimate; total: number } | null {
    let total = 0
    let worst = parts[0]
    for (const p of parts) {
        total += p.events
        if (p.events > worst.events) worst = p
    }
    return total > MAX_RUN_EVENTS ? { worst, total } : null
}
