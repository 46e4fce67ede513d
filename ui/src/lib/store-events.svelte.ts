// Follows the backend's `store-changed` event: after each commit (the window's own writes and
// those of other programs, such as passerelle-cli) the backend says which kinds of records it
// touched — the store's tables, as its change log names them — and, when few, which ids. Each
// loader refetches only when what it shows changed (`resource.svelte.ts`), once per burst.
import { onStoreChanged } from "./api";
import { refreshed } from "./timing";

/** What one or more commits touched: kinds, and for the kinds with few changes their ids. */
export type Change = { entities: string[]; ids: Record<string, string[]> };

/** The kinds each area of the window reads. A kind not listed here refetches everything. */
export const READS = {
  directory: ["organisations", "departments", "contacts", "technologies", "specialties", "distinct_records"],
  /** A mission, its set-up, programme and what followed (its detail shows days and follow-ups). */
  mission: [
    "missions",
    "sites",
    "rooms",
    "subgroups",
    "delegation_members",
    "availabilities",
    "planning_settings",
    "programme_versions",
    "agenda_items",
    "outcomes",
    "followups",
    "travel_legs",
    "stays",
    "cost_lines",
    "vehicles",
    "passports",
    "meal_needs",
    "survey_answers",
    "survey_ratings",
  ],
  /** A mission's arrivals and departures alone (the programme's day lines; names by mention). */
  travel: ["travel_legs"],
  requests: ["meeting_requests"],
  /** The conflicts inbox and the exchange history (written by Share/Receive, announced by the window). */
  sync: ["sync_conflicts", "sync_exchanges"],
  settings: ["settings"],
} as const;

const KNOWN = new Set<string>(Object.values(READS).flat());

/** Whether `change` concerns a loader of `kinds` (an unknown kind concerns every loader). */
export function touches(change: Change, kinds: readonly string[]): boolean {
  return change.entities.some((k) => kinds.includes(k) || !KNOWN.has(k));
}

/** Whether one of the records `change` names by id appears in `data` (a view that mentions it). */
export function mentions(change: Change, data: unknown): boolean {
  const ids = Object.values(change.ids).flat();
  if (ids.length === 0 || data === undefined) return false;
  const text = JSON.stringify(data);
  return ids.some((id) => text.includes(JSON.stringify(id)));
}

/** Told of a change; resolves (if it refetches) once its data is in. */
type Listener = (change: Change) => void | Promise<void>;
const listeners = new Set<Listener>();
/** The changes not yet handed on, and the kinds told without ids (too many to list). */
let pending: (Change & { many: Set<string>; since: number }) | null = null;

/** Calls `listener` after each burst of changes; returns the unsubscribe function. */
export function onChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Hands a change to the listeners. Changes arriving together (a seed loaded in several
 * commits) are merged, so that each listener hears of them once.
 */
export function announce(change: Change): void {
  if (!pending) {
    pending = { entities: [], ids: {}, many: new Set(), since: performance.now() };
    setTimeout(flush, 0);
  }
  for (const kind of change.entities) {
    if (!pending.entities.includes(kind)) pending.entities.push(kind);
    if (!change.ids[kind]) pending.many.add(kind);
  }
  for (const [kind, ids] of Object.entries(change.ids)) {
    pending.ids[kind] = [...new Set([...(pending.ids[kind] ?? []), ...ids])];
  }
}

/** The requests the listeners of a change are starting, while they start them. */
let starting: { requests: Promise<unknown>[]; allIn: Promise<void> } | null = null;

/**
 * Called by a loader as it sends `request`: resolves when it may show the answer. The refetches
 * a change started show their answers together, once all are in: one repaint, not one per
 * answer (a repaint of the programme costs a frame that a second answer would wait for).
 */
export function showTogether(request: Promise<unknown>): Promise<void> {
  if (!starting) return Promise.resolve();
  starting.requests.push(request);
  return starting.allIn;
}

function flush(): void {
  if (!pending) return;
  const { entities, ids, many, since } = pending;
  pending = null;
  // A kind told without its ids once stays so, merged.
  for (const kind of many) delete ids[kind];
  const change: Change = { entities, ids };
  let release = () => {};
  const batch: NonNullable<typeof starting> = { requests: [], allIn: new Promise<void>((r) => (release = r)) };
  starting = batch;
  let refetched: Promise<void>[];
  try {
    refetched = [...listeners].map((listener) => listener(change)).filter((p) => p instanceof Promise);
  } finally {
    starting = null;
    void Promise.allSettled(batch.requests).then(release);
  }
  if (refetched.length > 0) void refreshed(entities, since, Promise.all(refetched));
}

/** Subscribes to `store-changed`; returns the unsubscribe function. */
export function startStoreEvents(): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  void onStoreChanged(announce).then((unlisten) => {
    if (!stopped) stop = unlisten;
    else
      try {
        unlisten();
      } catch {
        // as below
      }
  });
  return () => {
    stopped = true;
    try {
      stop?.();
    } catch {
      // The bridge is already gone (window closing, or a test tearing down).
    }
  };
}
