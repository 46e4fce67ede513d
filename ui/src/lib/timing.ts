// Timings of the window, for the benchmarks (`make bench-window`): the first screen (from the
// webview's start to the first data painted) and each refresh after a commit (from the
// `store-changed` event to the repaint of what it refetched). Kept on `window.__passerelleTiming`
// for the benchmark to read, and sent to the log at debug level (written when the app runs
// with PASSERELLE_TIMING=1).
import { tick } from "svelte";

export type Timing = { firstScreenMs: number | null; firstScreenAt: number | null; refreshes: { kinds: string[]; ms: number }[] };

const timing: Timing = { firstScreenMs: null, firstScreenAt: null, refreshes: [] };
if (typeof window !== "undefined") (window as unknown as { __passerelleTiming: Timing }).__passerelleTiming = timing;

/** Resolves once Svelte has updated the DOM and the browser has painted it. */
export async function painted(): Promise<void> {
  await tick();
  if (typeof requestAnimationFrame === "undefined") return;
  await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
}

function log(line: string): void {
  if (typeof window === "undefined" || !("__TAURI_INTERNALS__" in window)) return;
  void import("@tauri-apps/plugin-log").then(({ debug }) => debug(`timing: ${line}`)).catch(() => {});
}

/** The first data of the window arrived: noted once painted. */
export function firstData(): void {
  if (timing.firstScreenMs !== null) return;
  timing.firstScreenMs = -1; // pending
  void painted().then(() => {
    timing.firstScreenMs = Math.round(performance.now());
    timing.firstScreenAt = Math.round(performance.timeOrigin + performance.now());
    log(`first screen ${timing.firstScreenMs} ms after the webview started (at ${timing.firstScreenAt})`);
  });
}

/** A refresh after a commit is on screen, `ms` after its event arrived. */
export function refreshed(kinds: string[], ms: number): void {
  timing.refreshes.push({ kinds, ms: Math.round(ms) });
  if (timing.refreshes.length > 100) timing.refreshes.shift();
  log(`refresh of ${kinds.join(", ")} on screen ${Math.round(ms)} ms after the event`);
}
