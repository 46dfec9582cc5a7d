/** Hostile scenario files: each is run with `dpc-sim run`, and some with `validate` or `dpc-console --sim`. */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { ROOT, SMALL_SCENARIO } from "../fixtures/sim"
import { HostileCase } from "./run-case"

const GOOD = { ...SMALL_SCENARIO, duration_us: 20000 }

/** GOOD changed by `edit`, as JSON text. */
function edited(edit: (s: any) => void): string {
    const s = JSON.parse(JSON.stringify(GOOD))
    edit(s)
    return JSON.stringify(s, null, 2)
}

/** A case that runs `bad.json` (text, or GOOD edited) and expects exit 2 with exactly `line` on stderr. */
function bad(name: string, scenario: string | ((s: any) => void), line: string | RegExp, tool: "dpc-sim" | "dpc-console" = "dpc-sim"): HostileCase {
    const text = typeof scenario === "string" ? scenario : edited(scenario)
    const args = tool === "dpc-sim" ? ["run", "bad.json"] : ["--sim", "bad.json"]
    return { name, tool, args, files: { "bad.json": text }, exit: 2, stderr: typeof line === "string" ? `${tool}: ${line}\n` : line }
}

function good(name: string, scenario: (s: any) => void, stdout?: RegExp): HostileCase {
    return { name, tool: "dpc-sim", args: ["run", "ok.json", "--json"], files: { "ok.json": edited(scenario) }, exit: 0, stdout }
}

const many = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i))

export const SCENARIO_CASES: HostileCase[] = [
    good("the good scenario runs (every bad one below fails for its own reason)", () => {}),
    // point 10: duplicate keys, keys JavaScript objects carry, values that round to nothing, huge numbers, long names
    bad("defect 10: a key given twice at the top", edited(() => {}).replace('"version": 1,', '"version": 2, "version": 1,'), "bad.json: version: key 'version' is given twice (line 2, column 17); give it once"),
    bad("defect 10: a key given twice in a DPC", edited(() => {}).replace('"cycles": 400', '"cycles": 400, "cycles": 5'), /^dpc-sim: bad\.json: dpcs\[0\]\.cycles: key 'cycles' is given twice \(line \d+, column \d+\); give it once\n$/),
    bad("defect 10: __proto__ as a key", edited(() => {}).replace('"version": 1,', '"version": 1, "__proto__": {"x": 1},'), /^dpc-sim: bad\.json: __proto__: unknown key; known keys: \$schema, description, version, /),
    bad("defect 10: constructor as a key", s => (s.constructor = 1), /^dpc-sim: bad\.json: constructor: unknown key; known keys: /),
    bad("defect 10: toString as a key of a DPC", s => (s.dpcs[0].toString = 1), /^dpc-sim: bad\.json: dpcs\[0\]\.toString: unknown key; known keys: name, cycles, /),
    bad("defect 10: hasOwnProperty as a key of a source", s => (s.sources[0].hasOwnProperty = 1), /^dpc-sim: bad\.json: sources\[0\]\.hasOwnProperty: unknown key; /),
    bad("defect 10: __proto__ as a DPC cost of the firmware", '{"version":1,"app":"firmware","host":"native","costs":{"__proto__":{"cycles":1}}}', /^dpc-sim: bad\.json: costs\.__proto__: no DPC named '__proto__' in the firmware app \(DPCs: /),
    bad("defect 10: toString as an interrupt line's priority", s => (s.priorities = { toString: 1 }), "bad.json: priorities.toString: no interrupt line 'toString' on rp2040 (lines: IO_IRQ_BANK0, TIMER_IRQ_0, TIMER_IRQ_1, TIMER_IRQ_2, TIMER_IRQ_3)"),
    bad("defect 10: constructor as an ISR cost key", s => (s.isr_cycles = { constructor: 5 }), "bad.json: isr_cycles.constructor: must be gpio<N>, alarm<N> or a line name (IO_IRQ_BANK0, TIMER_IRQ_0, TIMER_IRQ_1, TIMER_IRQ_2, TIMER_IRQ_3)"),
    good("a DPC named toString is only a name", s => {
        s.dpcs[0].name = "toString"
        s.sources[0].dpc = "toString"
    }, /"name": "toString",\n\s+"runs": 1,/),
    good("a DPC named __proto__ is only a name", s => {
        s.dpcs[1].name = "__proto__"
        s.sources[1].dpc = "__proto__"
    }, /"name": "__proto__",\n\s+"runs": 19,/),
    bad("defect 10: a duration that rounds to 0 ns", s => (s.duration_us = 0.0001), "bad.json: duration_us: must be >= 0.001, got 0.0001"),
    bad("defect 10: a watchdog that rounds to 0 ns (it would be off)", s => (s.dpcs[0].watchdog_us = 0.0004), "bad.json: dpcs[0].watchdog_us: must be >= 0.001, got 0.0004"),
    bad("defect 10: a pulse width that rounds to 0 ns", s => (s.stimulus = [{ gpio: 14, kind: "periodic", period_us: 10, width_us: 0.0001 }]), "bad.json: stimulus[0].width_us: must be >= 0.001, got 0.0001"),
    bad("defect 10: cycles 1e308", s => (s.dpcs[0].cycles = 1e308), "bad.json: dpcs[0].cycles: must be <= 1000000000, got 1e+308"),
    bad("cycles per event 1e20", s => (s.dpcs[0].cycles_per_event = 1e20), "bad.json: dpcs[0].cycles_per_event: must be <= 1000000000, got 100000000000000000000"),
    bad("ISR cycles 1e12", s => (s.sources[0].isr_cycles = 1e12), "bad.json: sources[0].isr_cycles: must be <= 1000000, got 1000000000000"),
    bad("defect 10: a DPC name of 1100 characters", s => (s.dpcs[0].name = s.sources[0].dpc = "d".repeat(1100)), "bad.json: sources[0].dpc: must be at most 24 characters, got 1100"),
    bad("a source name of 25 characters", s => (s.sources[0].name = "s".repeat(25)), "bad.json: sources[0].name: must be at most 24 characters, got 25"),
    bad("a name with a comma (it would break the diagnostics line)", s => (s.dpcs[0].name = "a,b"), 'bad.json: dpcs[0].name: must contain only letters, digits, \'_\', \'-\' and \'.\', got "a,b"'),
    bad("a number too large to hold (1e999)", edited(() => {}).replace('"duration_us": 20000', '"duration_us": 1e999'), "bad.json: duration_us: must be a number, got a number too large to hold"),
    // point 4: scenarios that validate but hang or exhaust memory
    bad("defect 4: a kernel tick far below 1 ns", s => {
        s.tick_us = 1e-7
        s.dpcs[0].importance = "low"
    }, "bad.json: tick_us: must be >= 1, got 1e-7"),
    bad("defect 4: a bounce of 1e12 edges", s => (s.stimulus = [{ gpio: 14, kind: "bounce", at_us: 0, edges: 1e12, spacing_us: 1 }]), "bad.json: stimulus[0].edges: must be <= 100000, got 1000000000000"),
    bad("defect 4: rings that together exhaust memory", s => {
        s.dpcs[0].ring = 1048576
        s.dpcs[1].ring = 1048576
    }, "bad.json: dpcs[1].ring: the rings of all DPCs hold at most 1048576 events together; with this one (1048576) they would hold 2097152"),
    bad("defect 4: a ring over the limit", s => (s.dpcs[0].ring = 1e9), "bad.json: dpcs[0].ring: must be <= 1048576, got 1000000000"),
    bad("defect 4: a burst of 1e12 pulses", s => (s.stimulus = [{ gpio: 14, kind: "burst", at_us: 0, count: 1e12, spacing_us: 1 }]), "bad.json: stimulus[0].count: must be <= 1000000000, got 1000000000000"),
    bad("defect 4: a day at 100 MHz of poisson edges", s => {
        s.duration_us = 86400e6
        s.stimulus = [{ gpio: 14, kind: "poisson", rate_hz: 1e8 }]
    }, /^dpc-sim: bad\.json: stimulus\[0\]: this run would cause about 1\.73e\+13 events in 86400000 ms \(1\.73e\+13 from here\); a run may cause at most 1000000000 \(docs\/limits\.md\): shorten it or lower the rate\n$/),
    bad("defect 4: a 1 us kernel tick for a day", s => {
        s.duration_us = 86400e6
        s.tick_us = 1
        s.stimulus = []
        s.sources.pop()
        s.dpcs.pop()
    }, /^dpc-sim: bad\.json: tick_us: this run would cause about 8\.64e\+10 events/),
    bad("defect 4: an alarm every 1 us for a day", s => {
        s.duration_us = 86400e6
        s.sources[1].period_us = 1
    }, /^dpc-sim: bad\.json: sources\[1\]: this run would cause about /),
    bad("defect 4: a report every 1 ms for a day", s => {
        s.duration_us = 86400e6
        s.report_ms = 1
        s.sources.pop()
        s.dpcs.pop()
    }, /^dpc-sim: bad\.json: report_ms: this run would cause about /),
    bad("a report period below 1 ms", s => (s.report_ms = 0.000001), "bad.json: report_ms: must be 0 (no periodic report) or at least 1 ms, got 0.000001"),
    bad("a duration beyond a day", s => (s.duration_us = 1e11), "bad.json: duration_us: must be <= 86400000000, got 100000000000"),
    bad("a time beyond a day", s => (s.stimulus[0].at_us = [10, 1e308]), "bad.json: stimulus[0].at_us[1]: must be <= 86400000000, got 1e+308"),
    bad("65 DPCs", s => (s.dpcs = many(65, i => ({ name: `d${i}`, cycles: 1 })) ), "bad.json: dpcs: must have at most 64 items, got 65"),
    bad("257 stimulus items", s => (s.stimulus = many(257, i => ({ gpio: 14, kind: "edges", at_us: [i + 1] }))), "bad.json: stimulus: must have at most 256 items, got 257"),
    bad("an edge list of 100001 times", JSON.stringify({ ...GOOD, stimulus: [{ gpio: 14, kind: "edges", at_us: many(100001, i => i) }] }), "bad.json: stimulus[0].at_us: must have at most 100000 items, got 100001"),
    bad("times that are equal once rounded to the ns", s => (s.stimulus[0].at_us = [1.0001, 1.0002]), "bad.json: stimulus[0].at_us[1]: times must increase: 1.0002 after 1.0001"),
    bad("a description of 20000 characters", s => (s.description = "x".repeat(20000)), "bad.json: description: must be at most 10000 characters, got 20000"),
    // files that are not scenarios
    bad("defect 4: /dev/zero as the scenario (reading stops at 1 MiB)", "", "/dev/zero: larger than 1048576 bytes (the limit for a JSON input; docs/limits.md)"),
    bad("2 MiB of spaces", " ".repeat(2 * 1024 * 1024), "bad.json: larger than 1048576 bytes (the limit for a JSON input; docs/limits.md)"),
    bad("an empty file", "", "bad.json: malformed JSON: the file is empty"),
    bad("binary garbage", Buffer.from([0xff, 0xfe, 0, 1, 2, 0x7b]).toString("latin1"), /^dpc-sim: bad\.json: malformed JSON: Unexpected token [^\n]+\n$/),
    bad("NaN is not JSON", '{"version": NaN}', /^dpc-sim: bad\.json: malformed JSON: Unexpected token 'N'[^\n]+\n$/),
    bad("a list at the top", "[1, 2]", "bad.json: (top level): must be an object, got a list"),
    bad("null at the top", "null", "bad.json: (top level): must be an object, got null"),
    bad("a string at the top", '"scenario"', 'bad.json: (top level): must be an object, got a string "scenario"'),
    bad("version 2", s => (s.version = 2), "bad.json: version: must be 1, got 2"),
    bad("no version", s => delete s.version, "bad.json: (top level): missing required key 'version'"),
    bad("10000 nested lists", `{"version":1,"description":${"[".repeat(10000)}${"]".repeat(10000)}}`, "bad.json: description: must be a string, got a list"),
    bad("a stimulus of an unknown kind", s => (s.stimulus[0].kind = "sine"), 'bad.json: stimulus[0].kind: must be one of poisson, periodic, burst, bounce, edges, got "sine"'),
    bad("a stimulus without a kind", s => delete s.stimulus[0].kind, "bad.json: stimulus[0]: missing required key 'kind' (one of poisson, periodic, burst, bounce, edges)"),
    bad("a stimulus that is a number", s => (s.stimulus = [3]), "bad.json: stimulus[0]: must be an object, got a whole number 3"),
    bad("a GPIO of 1e9", s => (s.sources[0].gpio = 1e9), "bad.json: sources[0].gpio: must be <= 255, got 1000000000"),
    bad("a GPIO of -1", s => (s.stimulus[0].gpio = -1), "bad.json: stimulus[0].gpio: must be >= 0, got -1"),
    bad("a GPIO given as text", s => (s.sources[0].gpio = "14"), 'bad.json: sources[0].gpio: must be a whole number, got a string "14"'),
    bad("a seed of 2^32", s => (s.seed = 4294967296), "bad.json: seed: must be <= 4294967295, got 4294967296"),
    bad("a seed of 1.5", s => (s.seed = 1.5), "bad.json: seed: must be a whole number, got a number 1.5"),
    bad("100 threads per core", s => (s.threads_per_core = 100), "bad.json: threads_per_core: must be <= 8, got 100"),
    bad("a target core of 99", s => (s.dpcs[0].target = { core: 99 }), "bad.json: dpcs[0].target.core: must be <= 15, got 99"),
    bad("an alarm the board lacks", s => (s.sources[1].alarm = 99), "bad.json: sources[1].alarm: alarm 99 does not exist on rp2040 (alarms 0-3)"),
    bad("an ISR cost for a pin the board lacks", s => (s.isr_cycles = { gpio99: 5 }), "bad.json: isr_cycles.gpio99: GPIO 99 does not exist on rp2040 (GPIOs: 0-29)"),
    bad("a firmware scenario that also gives sources", s => (s.app = "firmware"), 'bad.json: sources: not used with app "firmware" (the firmware brings its own sources); remove it'),
    // boards named by the scenario
    bad("defect 4: /dev/zero as the board file", s => (s.board = "/dev/zero"), "/dev/zero: larger than 1048576 bytes (the limit for a JSON input; docs/limits.md)"),
    bad("a directory as the board file", s => (s.board = "scenarios/"), "scenarios/: is a directory, not a file"),
    bad("a board file that does not exist", s => (s.board = "no/such.board.json"), "bad.json: board: board file no/such.board.json does not exist"),
    bad("a board file with a key given twice", s => (s.board = "dup.board.json"), /^dpc-sim: dup\.board\.json: devName: key 'devName' is given twice/),
    bad("a board with 100 cores", s => (s.board = "big.board.json"), "big.board.json: hardware.cores: must be <= 16, got 100"),
    // the same file through the other commands
    bad("dpc-console --sim with a key given twice", '{"version":1,"version":1}', "bad.json: version: key 'version' is given twice (line 1, column 14); give it once", "dpc-console"),
    bad("dpc-console --sim with a DPC name of 1100 characters", s => (s.dpcs[0].name = s.sources[0].dpc = "d".repeat(1100)), "bad.json: sources[0].dpc: must be at most 24 characters, got 1100", "dpc-console"),
    bad("dpc-console --sim with a kernel tick below 1 ns", s => (s.tick_us = 1e-7), "bad.json: tick_us: must be >= 1, got 1e-7", "dpc-console"),
]

// The two board files the cases above name, and /dev/zero in place of the bad file.
const DUP_BOARD = '{"devName": "x", "devName": "y", "hardware": {}}'
for (const c of SCENARIO_CASES) {
    if (c.name.includes("/dev/zero as the scenario")) c.args = c.tool === "dpc-sim" ? ["run", "/dev/zero"] : ["--sim", "/dev/zero"]
    if (c.name.includes("key given twice") && c.name.includes("board")) c.files!["dup.board.json"] = DUP_BOARD
}
{
    const rp2040 = JSON.parse(readFileSync(join(ROOT, "boards", "rp2040.board.json"), "utf8"))
    rp2040.hardware.cores = 100
    SCENARIO_CASES.find(c => c.name === "a board with 100 cores")!.files!["big.board.json"] = JSON.stringify(rp2040)
}
