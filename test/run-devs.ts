/**
 * Runs the DeviceScript VM test suites: every test/devs/*.test.ts through
 * `devs run FILE --test --test-self-exit`. Prints each suite's own summary line
 * ("tests: N, pass: N, error: N") and a total; exits 1 if any suite fails or prints no summary.
 *
 *     node dist/test/run-devs.js [FILE...]
 */
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { join, relative } from "node:path"

const root = join(__dirname, "..", "..")
const devs = join(root, "node_modules", ".bin", process.platform === "win32" ? "devs.cmd" : "devs")
const files =
    process.argv.length > 2
        ? process.argv.slice(2)
        : readdirSync(join(root, "test", "devs"))
              .filter(f => f.endsWith(".test.ts"))
              .sort()
              .map(f => join("test", "devs", f))

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "")
let total = 0
let passed = 0
let failedSuites = 0
for (const file of files) {
    const started = Date.now()
    const r = spawnSync(devs, ["run", file, "--test", "--test-self-exit", "--test-timeout", "120000"], {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    })
    const out = strip((r.stdout ?? "") + (r.stderr ?? ""))
    const m = /tests: (\d+), pass: (\d+), error: (\d+)/.exec(out)
    const ok = r.status === 0 && m !== null && m[3] === "0"
    const secs = ((Date.now() - started) / 1000).toFixed(1)
    if (m) {
        total += Number(m[1])
        passed += Number(m[2])
    }
    console.log(`${ok ? "ok  " : "FAIL"} ${relative(root, join(root, file))}: ${m ? m[0] : "no test summary"} (${secs} s)`)
    if (!ok) {
        failedSuites++
        // Show what the VM said, without the devs banner noise.
        console.log(
            out
                .split("\n")
                .filter(l => !/^using devs|^fatal: Not a valid object name|Unknown user config/.test(l))
                .join("\n")
        )
    }
}
console.log(`DeviceScript VM: ${files.length} suite(s), ${total} test(s), ${passed} passed, ${failedSuites} suite(s) failed`)
process.exit(failedSuites === 0 && files.length > 0 ? 0 : 1)
