/**
 * Figure 4: DeviceScript. Bytecode sizes from `devs build`'s size report, and events per second
 * through ISR -> request -> dispatch in the DeviceScript VM (WASM, on this machine) against the
 * runtime's own emitter/subscribe path (bench/devs/vm-throughput.ts).
 *
 *   F4.1 events/s delivered to a handler, same producer (yield every 25 events)
 *   F4.2 events delivered out of a burst of 100 with no yield in between
 *   F4.3 bytecode of the kernel alone (src/kernel-main.ts) against an empty program
 */
import { spawnSync } from "node:child_process"
import { join } from "node:path"
import { Figure, figure } from "./figure"
import { DEFAULT_BOARD, buildFor, devsBuild } from "../tools/devs-build"
import { boardIds } from "../sim/board-spec"

const root = join(__dirname, "..", "..")
const devs = join(root, "node_modules", ".bin", "devs")

function run(args: string[]): string {
    const r = spawnSync(devs, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
    const out = ((r.stdout ?? "") + (r.stderr ?? "")).replace(/\x1b\[[0-9;]*m/g, "")
    if (r.status !== 0) throw new Error(`devs ${args.join(" ")} failed:\n${out}`)
    return out
}

export interface VmBench {
    events: number
    kernelMs: number
    kernelDelivered: number
    emitterMs: number
    emitterDelivered: number
    burst: number
    kernelBurstDelivered: number
    emitterBurstDelivered: number
}

export function runVmBench(): VmBench {
    const out = run(["run", "bench/devs/vm-throughput.ts", "--test", "--test-self-exit", "--test-timeout", "120000"])
    const m = /VMBENCH (\{.*\})/.exec(out)
    if (!m) throw new Error(`vm-throughput printed no VMBENCH line:\n${out}`)
    return JSON.parse(m[1]) as VmBench
}

export function devsFigures(quick: boolean): Figure[] {
    const vm = runVmBench()
    const kRate = (vm.kernelDelivered / vm.kernelMs) * 1000
    const eRate = (vm.emitterDelivered / vm.emitterMs) * 1000
    const kernelSize = devsBuild("src/kernel-main.ts")
    const emptySize = devsBuild("bench/devs/empty.ts")
    // The quick smoke run builds the default board only (each build takes seconds).
    const firmware = (quick ? [DEFAULT_BOARD] : boardIds()).map(id => ({ id, bytes: buildFor(id) }))
    if (firmware[firmware.length - 1].id !== DEFAULT_BOARD) buildFor(DEFAULT_BOARD) // leave the default board's build in place
    return [
        figure("F4.1", "DeviceScript VM: events/s delivered, ISR -> request -> DPC", kRate, "events/s", "ds.emitter emit -> subscribe", eRate, {
            note: `kernel delivered ${vm.kernelDelivered}/${vm.events} in ${vm.kernelMs} ms; emitter delivered ${vm.emitterDelivered}/${vm.events} in ${vm.emitterMs} ms, ${vm.events - vm.emitterDelivered} lost silently`,
        }),
        figure("F4.2", `DeviceScript VM: events delivered from a burst of ${vm.burst}`, vm.kernelBurstDelivered, "events", "ds.emitter", vm.emitterBurstDelivered, {
            note: "the kernel's DPC took the whole burst in one run; the emitter keeps only the latest value",
        }),
        figure("F4.3", "bytecode of the kernel alone (src/kernel-main.ts)", kernelSize, "B", "empty program", emptySize, {
            lowerIsBetter: true,
            note: `the kernel adds ${kernelSize - emptySize} B`,
        }),
        ...firmware.map(f =>
            figure("F4.4", `bytecode of the firmware for ${f.id} (src/main.ts)`, f.bytes, "B", "kernel alone", kernelSize, {
                lowerIsBetter: true,
                note: `drivers, port and diagnostics add ${f.bytes - kernelSize} B to the kernel`,
            })
        ),
    ]
}
