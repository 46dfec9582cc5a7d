/**
 * The portable DPC kernel. Plain TypeScript that builds with `devs build` (DeviceScript) and
 * with `tsc` (Node): no host imports, no wall clock; time comes from an injected Clock.
 */
export * from "./clock"
export * from "./event-ring"
export * from "./histogram"
export * from "./dpc"
export * from "./dpc-queue"
export * from "./dpc-thread"
export * from "./request"
export * from "./interrupt-line"
export * from "./fault"
export * from "./policy"
export * from "./dispatcher"
export * from "./driver"
export * from "./kernel"
export * from "./diagnostics"
export * from "./report"
export * from "./version"
