import { existsSync, readdirSync, realpathSync } from "node:fs"
import { delimiter, join } from "node:path"
import { SerialPort } from "serialport"

/**
 * `dpc-console list`. On Linux, serialport's list() runs `udevadm`; where udevadm is missing
 * (containers, minimal systems) the spawn fails (and in some versions the error escapes as an
 * uncaught exception), so we look for udevadm first and otherwise scan the device names boards
 * appear under. Without udev there is no manufacturer or USB id to show.
 */
export interface PortRow {
    path: string
    manufacturer?: string
    vendorId?: string
    productId?: string
}

export type Lister = () => Promise<PortRow[]>

/** True when `cmd` is an executable file on PATH. */
export function onPath(cmd: string, pathVar = process.env.PATH ?? ""): boolean {
    return pathVar.split(delimiter).some(dir => dir.length > 0 && existsSync(join(dir, cmd)))
}

/** Serial devices by name: /dev/serial/by-id links (resolved), then ttyUSB*, ttyACM*. */
export function scanDev(dev = "/dev"): PortRow[] {
    const seen = new Map<string, PortRow>()
    const names = (dir: string) => {
        try {
            return readdirSync(dir).sort()
        } catch {
            return []
        }
    }
    for (const id of names(join(dev, "serial", "by-id"))) {
        let path = join(dev, "serial", "by-id", id)
        try {
            path = realpathSync(path)
        } catch {
            /* a dangling link: show it as it is */
        }
        if (!seen.has(path)) seen.set(path, { path, manufacturer: `(by-id ${id})` })
    }
    for (const name of names(dev))
        if (/^tty(USB|ACM)[0-9]+$/.test(name) && !seen.has(join(dev, name))) seen.set(join(dev, name), { path: join(dev, name) })
    return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

export const defaultLister: Lister = async () => {
    if (process.platform === "linux" && !onPath("udevadm")) return scanDev()
    try {
        return await SerialPort.list()
    } catch {
        return process.platform === "linux" ? scanDev() : []
    }
}

export function formatPorts(ports: PortRow[]): string[] {
    if (ports.length === 0) return ["no serial ports found (is the board plugged in? on Linux, look for /dev/ttyACM* or /dev/ttyUSB*)"]
    const rows = ports.map(p => [
        p.path,
        p.manufacturer ?? "-",
        p.vendorId !== undefined || p.productId !== undefined ? `${p.vendorId ?? "?"}:${p.productId ?? "?"}` : "-",
    ])
    const w0 = Math.max(4, ...rows.map(r => r[0].length))
    const w1 = Math.max(12, ...rows.map(r => r[1].length))
    return [["path".padEnd(w0), "manufacturer".padEnd(w1), "vid:pid"], ...rows.map(r => [r[0].padEnd(w0), r[1].padEnd(w1), r[2]])].map(r => r.join("  "))
}
