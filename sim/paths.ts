import { join, resolve } from "node:path"

/** The repository root (this file runs from dist/sim/). Data files are read from the source tree. */
export const ROOT = resolve(__dirname, "..", "..")
export const BOARDS_DIR = join(ROOT, "boards")
export const SCHEMA_DIR = join(ROOT, "sim", "schema")
