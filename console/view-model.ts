import { DiagRecord, fieldOf, numberOf } from "../src/kernel/diagnostics"

/**
 * What the console knows about the board, built from its diagnostics records (SPEC 3.4, the
 * keys of src/kernel/report.ts). Records are cumulative snapshots, so each one replaces the
 * previous row it describes; a `boot` record means the board (re)started and clears every row.
 *
 * Time is given with each record (`atMs`: wall time for a port, simulated time for the
 * simulator, none for a replay) and used only for interrupt-line rates. No clock is read here.
 */
export interface BootInfo {
    board: string
    cores: number
    policy: string
    threads: number
    version: string
}

export interface CoreRow {
    id: number
    util: number
    qmax: number
    isrUs: number
    dpcUs: number
    threads: number
    runs: number
}

export interface LineRow {
    name: string
    core: number
    count: number
    dropped: number
    /** interrupts per second over the last rate window, null when unknown */
    rate: number | null
    atMs: number | undefined
    /** the sample the rate is measured from: count and time */
    refCount: number
    refAtMs: number | undefined
}

/**
 * Shortest time a rate is measured over. Reports come every second; the simulator's final
 * report follows its last periodic one a few ms later and must not make a rate of 0.
 */
export const RATE_WINDOW_MS = 500

export interface DpcRow {
    name: string
    runs: number
    events: number
    coalesced: number
    maxBatch: number
    dropped: number
    pending: number
    errors: number
    watchdog: number
    latP50Us: number
    latP99Us: number
    latMaxUs: number
    runMaxUs: number
    cores: string
}

export interface EventTotals {
    raised: number
    processed: number
    dropped: number
    pending: number
    /** Diagnostics lines the board could not send (its `diag_lost`), NaN when it does not say. */
    diagLost: number
}

export interface ErrorRow {
    fault: string
    /** the err record's other fields, in line order, as `key=value` */
    fields: string[]
}

/** How many err records the view keeps. */
export const LAST_ERRORS = 5

/** The DpcRow field of each key of a DPC's records. */
const DPC_FIELDS: { [key: string]: keyof DpcRow } = Object.assign(Object.create(null), {
    runs: "runs",
    events: "events",
    coalesced: "coalesced",
    max_batch: "maxBatch",
    dropped: "dropped",
    pending: "pending",
    errors: "errors",
    watchdog: "watchdog",
    lat_p50_us: "latP50Us",
    lat_p99_us: "latP99Us",
    lat_max_us: "latMaxUs",
    run_max_us: "runMaxUs",
    cores: "cores",
})

function num(rec: DiagRecord, key: string): number {
    const t = fieldOf(rec, key)
    return t === undefined ? NaN : numberOf(t)
}

function text(rec: DiagRecord, key: string): string {
    return fieldOf(rec, key) ?? ""
}

export class ViewModel {
    boot: BootInfo | null = null
    /** boot records seen: 2 or more means the board was reset while we watched */
    boots = 0
    readonly cores = new Map<number, CoreRow>()
    readonly lines = new Map<string, LineRow>()
    readonly dpcs = new Map<string, DpcRow>()
    events: EventTotals | null = null
    /** the last LAST_ERRORS err records, oldest first */
    readonly errors: ErrorRow[] = []
    errorRecords = 0
    /** accepted records of a kind we do not know, or without the field that names their row */
    ignored = 0

    /** Applies one accepted record. */
    apply(rec: DiagRecord, atMs?: number): void {
        switch (rec.kind) {
            case "boot":
                return this.onBoot(rec)
            case "core":
                return this.onCore(rec)
            case "line":
                return this.onLine(rec, atMs)
            case "dpc":
            case "lat":
            case "faults":
                return this.onDpc(rec)
            case "events":
                this.events = { raised: num(rec, "raised"), processed: num(rec, "processed"), dropped: num(rec, "dropped"), pending: num(rec, "pending"), diagLost: num(rec, "diag_lost") }
                return
            case "err":
                return this.onErr(rec)
            default:
                this.ignored++ // SPEC 3.4: unknown kinds are ignored by readers
        }
    }

    /** Forgets everything the board told us (it was reset). */
    clear(): void {
        this.boot = null
        this.cores.clear()
        this.lines.clear()
        this.dpcs.clear()
        this.events = null
        this.errors.length = 0
        this.errorRecords = 0
        this.ignored = 0
    }

    private onBoot(rec: DiagRecord): void {
        this.clear()
        this.boots++
        this.boot = { board: text(rec, "board"), cores: num(rec, "cores"), policy: text(rec, "policy"), threads: num(rec, "threads"), version: text(rec, "version") }
    }

    private onCore(rec: DiagRecord): void {
        const id = num(rec, "id")
        if (isNaN(id)) {
            this.ignored++
            return
        }
        this.cores.set(id, {
            id,
            util: num(rec, "util"),
            qmax: num(rec, "qmax"),
            isrUs: num(rec, "isr_us"),
            dpcUs: num(rec, "dpc_us"),
            threads: num(rec, "threads"),
            runs: num(rec, "runs"),
        })
    }

    private onLine(rec: DiagRecord, atMs: number | undefined): void {
        const name = fieldOf(rec, "name")
        const core = num(rec, "core")
        if (name === undefined || isNaN(core)) {
            this.ignored++
            return
        }
        const key = `${name}\u0000${core}`
        const count = num(rec, "count")
        const prev = this.lines.get(key)
        let rate: number | null = null
        let refCount = count
        let refAtMs = atMs
        if (prev !== undefined && atMs !== undefined && prev.refAtMs !== undefined && count >= prev.refCount) {
            if (atMs - prev.refAtMs >= RATE_WINDOW_MS) rate = ((count - prev.refCount) * 1000) / (atMs - prev.refAtMs)
            else {
                // too soon after the reference sample: keep the rate and the reference
                rate = prev.rate
                refCount = prev.refCount
                refAtMs = prev.refAtMs
            }
        }
        this.lines.set(key, { name, core, count, dropped: num(rec, "dropped"), rate, atMs, refCount, refAtMs })
    }

    /**
     * A DPC's `dpc`, `lat` or `faults` record (SPEC 3.4: a DPC's report is those three): the keys
     * it carries update the DPC's row, the others stay as the other records left them (a `dpc`
     * record of version 0.1, with every key, updates them all).
     */
    private onDpc(rec: DiagRecord): void {
        const name = fieldOf(rec, "name")
        if (name === undefined) {
            this.ignored++
            return
        }
        let row = this.dpcs.get(name)
        if (row === undefined) {
            row = {
                name, runs: NaN, events: NaN, coalesced: NaN, maxBatch: NaN, dropped: NaN, pending: NaN, errors: NaN, watchdog: NaN,
                latP50Us: NaN, latP99Us: NaN, latMaxUs: NaN, runMaxUs: NaN, cores: "",
            }
            this.dpcs.set(name, row)
        }
        for (let i = 0; i < rec.keys.length; i++) {
            const field = DPC_FIELDS[rec.keys[i]]
            if (field === undefined) continue
            if (field === "cores") row.cores = rec.values[i]
            else (row as any)[field] = numberOf(rec.values[i])
        }
    }

    private onErr(rec: DiagRecord): void {
        const fields: string[] = []
        for (let i = 0; i < rec.keys.length; i++) if (rec.keys[i] !== "fault") fields.push(`${rec.keys[i]}=${rec.values[i]}`)
        this.errors.push({ fault: text(rec, "fault") || "?", fields })
        if (this.errors.length > LAST_ERRORS) this.errors.shift()
        this.errorRecords++
    }

    /** Rows sorted for display: cores by id, lines by name then core, DPCs in arrival order. */
    coreRows(): CoreRow[] {
        return [...this.cores.values()].sort((a, b) => a.id - b.id)
    }

    lineRows(): LineRow[] {
        return [...this.lines.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.core - b.core))
    }

    dpcRows(): DpcRow[] {
        return [...this.dpcs.values()]
    }
}
