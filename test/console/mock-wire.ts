import { MockBinding, MockBindingInterface, MockPortBinding } from "@serialport/binding-mock"
import { SerialPortMock, SerialPortMockOpenOptions } from "serialport"
import { PortFactory } from "../../console/sources/port-source"

/**
 * Serial ports on @serialport/binding-mock that can also be unplugged: an unplugged port's
 * pending read fails (as a real driver's read fails when the USB device goes), so serialport
 * reports a disconnect; opening it fails with ENOENT until it is plugged back.
 */
export class MockWire {
    private readonly gone = new Set<string>()
    private readonly open = new Map<string, { port: MockPortBinding; dead: boolean; fail: ((e: Error) => void) | null }>()
    readonly opens: string[] = []

    readonly binding: MockBindingInterface = {
        ...MockBinding,
        open: async options => {
            this.opens.push(options.path)
            if (this.gone.has(options.path)) {
                await new Promise(r => setImmediate(r))
                throw new Error(`Error: No such file or directory, cannot open ${options.path}`)
            }
            const port = await MockBinding.open(options)
            const entry = { port, dead: false, fail: null as ((e: Error) => void) | null }
            const read = port.read.bind(port)
            port.read = (buffer, offset, length) =>
                new Promise((resolve, reject) => {
                    if (entry.dead) return reject(new Error("device disconnected"))
                    entry.fail = reject
                    read(buffer, offset, length).then(resolve, reject)
                })
            this.open.set(options.path, entry)
            return port
        },
    }

    readonly factory: PortFactory = (path, baudRate) =>
        new SerialPortMock({ path, baudRate, autoOpen: false, binding: this.binding } as SerialPortMockOpenOptions)

    /** A port that gives at most `maxReadSize` bytes per read. */
    create(path: string, maxReadSize = 1024): void {
        MockBinding.createPort(path, { maxReadSize })
    }

    isOpen(path: string): boolean {
        const e = this.open.get(path)
        return e !== undefined && e.port.isOpen && !e.dead
    }

    emit(path: string, data: Buffer | string): void {
        const e = this.open.get(path)
        if (e === undefined || e.dead) throw new Error(`MockWire: ${path} is not open`)
        e.port.emitData(data)
    }

    unplug(path: string): void {
        this.gone.add(path)
        const e = this.open.get(path)
        if (e === undefined) return
        e.dead = true
        e.fail?.(new Error("device disconnected"))
    }

    plug(path: string): void {
        this.gone.delete(path)
    }

    reset(): void {
        MockBinding.reset()
        this.gone.clear()
        this.open.clear()
        this.opens.length = 0
    }
}

/** Resolves when `cond()` holds (checked every turn of the event loop), or fails after `ms`. */
export async function waitFor(cond: () => boolean, what: string, ms = 2000): Promise<void> {
    const end = Date.now() + ms
    while (!cond()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
        await new Promise(r => setTimeout(r, 1))
    }
}
