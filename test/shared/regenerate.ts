/**
 * Rewrites kernel-script.expected.ts from the kernel as it is now. Run it only when the
 * kernel's behaviour is meant to change, then review the diff line by line:
 *     npm run build && node dist/test/shared/regenerate.js
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { runKernelScript } from "./kernel-script"

const header = `/**
 * Expected output of runKernelScript (kernel-script.ts), reviewed by hand and kept as the
 * reference both hosts (Node and the DeviceScript VM) must reproduce exactly.
 * Written by regenerate.ts; see there before changing it.
 */
`
let text = header
for (const [name, policy] of [["EXPECTED_CORES", "cores"], ["EXPECTED_SINGLE_THREAD", "single-thread"]]) {
    text += `export const ${name}: string[] = [\n`
    for (const line of runKernelScript(policy)) text += `    ${JSON.stringify(line)},\n`
    text += "]\n"
}
const target = join(__dirname, "..", "..", "..", "test", "shared", "kernel-script.expected.ts")
writeFileSync(target, text)
console.log(`wrote ${target}`)
