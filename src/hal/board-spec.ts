import { BoardInfo } from "./hal"

/** A board as the DeviceScript port sees it: BoardInfo plus the runtime arch and interrupt names. */
export interface BoardSpec extends BoardInfo {
    /** DeviceScript architecture id (`rp2040`, `esp32s3`); `ds._dcfgString("archId")` on the device. */
    archId: string
    /** Name of the GPIO bank interrupt (`IO_IRQ_BANK0`). */
    gpioIrq: string
    /** Name of each timer alarm's interrupt (`TIMER_IRQ_0`, ...). */
    alarmIrqs: string[]
    /** GPIO numbers DeviceScript programs may use: the values of `pins` minus those the runtime takes (LED, log, services). */
    exposedPins: number[]
}
