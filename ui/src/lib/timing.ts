// Timings of the window, for the benchmarks (`make bench-window`): the first screen (from the
// webview's start to the first data painted) and each refresh after a commit (from the
// `store-changed` event to the repaint of what it refetched). Kept on `window.__passerelleTiming`
// for the benchmark to read, and sent to the log at debug level (written when the app runs
// with PASSERELLE_TIMING=1).
import { tick } from "svelte";

/**
 * One refresh, in ms after its event arrived: `dataMs` when the last refetch answered (and the
 * updates of the ones before it ran), `domMs` when Svelte had updated the DOM, `ms` when the
 * browser had painted it.
 */
export type Refresh = { kinds: string[]; ms: number; dataMs: number; domMs: number };
/** `refreshes`: the last hundred; `refreshCount`: all of them. */
export type Timing = { firstScreenMs: number | null; firstScreenAt: number | null; refreshes: Refresh[]; refreshCount: number };

const timing: Timing = { firstScreenMs: null, firstScreenAt: null, refreshes: [], refreshCount: 0 };
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

let shown = () => {};
/** Resolves once the first data of the window is on screen (what waits for it: the other pages' loading). */
export const firstScreen: Promise<void> = new Promise((r) => (shown = r));

/** The first data of the window arrived: noted once painted. */
export function firstData(): void {
  if (timing.firstScreenMs !== null) return;
  timing.firstScreenMs = -1; // pending
  void painted().then(() => {
    timing.firstScreenMs = Math.round(performance.now());
    timing.firstScreenAt = Math.round(performance.timeOrigin + performance.now());
    log(`first screen ${timing.firstScreenMs} ms after the webview started (at ${timing.firstScreenAt})`);
    shown();
  });
}

/** Notes a refresh after a commit once `refetched` answered and is on screen; `since`: its event's arrival. */
export async function refreshed(kinds: string[], since: number, refetched: Promise<unknown>): Promise<void> {
  await refetched;
  const dataMs = Math.round(performance.now() - since);
  await tick();
  const domMs = Math.round(performance.now() - since);
  await painted();
  const ms = Math.round(performance.now() - since);
  timing.refreshes.push({ kinds, ms, dataMs, domMs });
  timing.refreshCount += 1;
  if (timing.refreshes.length > 100) timing.refreshes.shift();
  log(`refresh of ${kinds.join(", ")} on screen ${ms} ms after the event (data in at ${dataMs} ms, DOM updated at ${domMs} ms)`);
}
