/**
 * A scenario (SPEC 3.2) once loaded and checked: every time in whole nanoseconds, the board
 * resolved, defaults applied. Built by load.ts; run by run.ts.
 */
import { Importance, PolicyName } from "../../src/kernel"
import { Edge } from "../../src/hal/hal"
import { SimBoardSpec } from "../board-spec"
import { HostName } from "../host/host-board"

export interface GpioSourceSpec {
    kind: "gpio"
    name: string
    gpio: number
    edge: Edge
    pull?: "up" | "down"
    core: number
    isrCycles: number
    /** Devicescript host: ISR opcodes per event beyond a bare ISR's request. */
    isrOpcodes: number
    dpc: string
}

export interface AlarmSourceSpec {
    kind: "alarm"
    name: string
    alarm: number
    /** Periodic: first fire and period; one-shot: the fire times. */
    startNs: number
    periodNs: number
    atNs: number[]
    core: number
    isrCycles: number
    isrOpcodes: number
    dpc: string
}

export type SourceSpec = GpioSourceSpec | AlarmSourceSpec

export interface DpcSpec {
    name: string
    /** Native host's cost (0 when the scenario gives none: a devicescript run). */
    cycles: number
    cyclesPerEvent: number
    /** Devicescript host's cost (0 when the scenario gives none: a native run). */
    opcodes: number
    opcodesPerEvent: number
    importance: Importance
    target?: { core: number; thread: number }
    budgetEvents?: number
    watchdogNs?: number
    ring: number
    failEvery: number
}

export type StimulusSpec =
    | { kind: "poisson"; gpio: number; rateHz: number; widthNs: number; startNs: number; count: number }
    | { kind: "periodic"; gpio: number; periodNs: number; widthNs: number; startNs: number; count: number }
    | { kind: "burst"; gpio: number; atNs: number; count: number; spacingNs: number; widthNs: number }
    | { kind: "bounce"; gpio: number; atNs: number; edges: number; spacingNs: number }
    | { kind: "edges"; gpio: number; atNs: number[] }

export interface Scenario {
    /** The file as the user named it (for messages). */
    file: string
    board: SimBoardSpec
    policy: PolicyName
    threadsPerCore?: number
    seed: number
    /** The host modelled (SPEC 2.1). */
    host: HostName
    durationNs: number
    reportNs: number
    tickNs: number
    /** "scenario": the sources and DPCs below; "firmware": the firmware's drivers. */
    app: "scenario" | "firmware"
    sources: SourceSpec[]
    dpcs: DpcSpec[]
    stimulus: StimulusSpec[]
    /** Cost overrides by DPC name, for each host (a host with none keeps the app's). */
    costs: { [dpc: string]: { cycles: number; cyclesPerEvent: number } }
    opcodes: { [dpc: string]: { opcodes: number; opcodesPerEvent: number } }
    isrCycles: { [key: string]: number }
    priorities: { [line: string]: number }
}

/** Microseconds (as written in a scenario) to whole nanoseconds. */
export function usToNs(us: number): number {
    return Math.round(us * 1000)
}
