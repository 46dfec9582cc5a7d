/**
 * The clone stands alone (issue 13, point 12): no document points outside it, the lock file is
 * what `npm install` would write, and the README states no number a build would have to keep
 * up to date by hand.
 */
import assert from "node:assert/strict"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { ROOT } from "../fixtures/sim"

const DOCS = ["README.md", "console/README.md", "boards/README.md", ...readdirSync(join(ROOT, "docs")).filter(f => f.endsWith(".md")).map(f => `docs/${f}`)]

describe("the repository stands alone", () => {
    it("no document links ../shared or a SPEC that a clone does not have", () => {
        for (const f of DOCS) assert.doesNotMatch(readFileSync(join(ROOT, f), "utf8"), /\.\.\/shared|SPEC\.md|SPEC \d/, f)
    })

    it("every relative link of the READMEs and docs/ points at a file of the repository", () => {
        for (const f of DOCS) {
            const text = readFileSync(join(ROOT, f), "utf8")
            for (const m of text.matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)) assert.ok(existsSync(join(ROOT, f, "..", m[1])), `${f}: ${m[1]}`)
        }
    })

    it("package-lock.json holds package.json as npm install writes it (so npm install changes nothing)", () => {
        const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"))
        const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"))
        const root = lock.packages[""]
        assert.deepEqual([lock.name, lock.version, root.name, root.version], [pkg.name, pkg.version, pkg.name, pkg.version])
        for (const key of ["bin", "dependencies", "devDependencies", "engines", "license"]) assert.deepEqual(root[key], pkg[key], key)
    })

    it("the README states no bytecode size (the builds print them)", () => {
        assert.doesNotMatch(readFileSync(join(ROOT, "README.md"), "utf8"), /\d[\d ]* B\b/)
    })
})
