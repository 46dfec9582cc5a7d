/**
 * The firmware entry: the DeviceScript port running the firmware's drivers on the board this
 * build is for (src/port/board.generated.ts, written by `npm run build:firmware -- --board ID`).
 */
import { firmwareApp } from "./app/firmware"
import { BOARD } from "./port/board.generated"
import { DevicePort } from "./port/device-port"

const port = new DevicePort({ board: BOARD })
const wrong = port.wrongArch()
if (wrong !== "")
    console.log(
        `devs-dpc: this firmware is built for board ${BOARD.id} (${BOARD.archId}) but runs on ${wrong}; ` +
            `rebuild with: npm run build:firmware -- --board <id>`
    )
else port.start(firmwareApp)
