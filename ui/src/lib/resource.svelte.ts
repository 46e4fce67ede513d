// Loads data for a component and keeps it fresh: refetches when the fetcher's reactive inputs
// change (e.g. a route id) and when a commit touched what it shows (`store-events.svelte.ts`):
// a kind it reads, or a record its data mentions by id.
import { untrack } from "svelte";
import { toApiError, type ApiError } from "./api";
import { mentions, onChange, showTogether, touches, type Change } from "./store-events.svelte";
import { firstData } from "./timing";

export class Resource<T> {
  /**
   * Raw, not deeply reactive: a refetch hands over a new value whose unchanged parts are the
   * previous value's own objects (`keepSame`), so keyed blocks and props skip what did not change.
   */
  data = $state.raw<T | undefined>(undefined);
  error = $state<ApiError | null>(null);
  loading = $state(false);
  #token = 0;
  #fetcher: () => Promise<T>;
  #inFlight: Promise<void> | null = null;
  #stale = false;
  #again: Promise<void> = Promise.resolve();

  constructor(fetcher: () => Promise<T>) {
    this.#fetcher = fetcher;
  }

  /** Runs a request; an older request that answers late is ignored. */
  async track(request: Promise<T>): Promise<void> {
    const token = ++this.#token;
    this.loading = true;
    const shown = showTogether(request);
    const done = (async () => {
      try {
        const value = await request;
        await shown;
        if (token !== this.#token) return;
        this.data = keepSame(this.data, value);
        this.error = null;
        firstData();
      } catch (e) {
        if (token !== this.#token) return;
        this.error = toApiError(e);
      } finally {
        if (token === this.#token) this.loading = false;
      }
    })();
    this.#inFlight = done;
    await done;
    if (this.#inFlight === done) this.#inFlight = null;
  }

  reload(): Promise<void> {
    return this.track(this.#fetcher());
  }

  /**
   * Refetches after a change: at once, or, if a request is under way (it may have read
   * before the commit), once when it answers, however many changes came meanwhile.
   */
  refresh(): Promise<void> {
    if (!this.#inFlight) return this.reload();
    if (!this.#stale) {
      this.#stale = true;
      this.#again = this.#inFlight.then(() => {
        this.#stale = false;
        return this.reload();
      });
    }
    return this.#again;
  }

  /** Whether `change` concerns this data: a kind of `kinds` (all if absent), or a record it shows. */
  concerns(change: Change, kinds: readonly string[] | undefined): boolean {
    if (!kinds || touches(change, kinds)) return true;
    return untrack(() => mentions(change, this.data));
  }
}

/**
 * Call during component initialisation. `kinds`: the kinds of records the data is made of
 * (`READS` in store-events); a change to another kind refetches only if it names a record the
 * data shows. Without `kinds`, every change refetches.
 */
export function resource<T>(fetcher: () => Promise<T>, kinds?: readonly string[]): Resource<T> {
  const r = new Resource<T>(fetcher);
  $effect(() => {
    const request = fetcher(); // reads the reactive inputs synchronously, so they are tracked
    untrack(() => void r.track(request));
  });
  $effect(() =>
    onChange((change) => (r.concerns(change, kinds) ? r.refresh() : undefined)),
  );
  return r;
}

/**
 * `next` with each part deeply equal to the same part of `prev` replaced by that part (records in
 * an array are paired by `id`, else by position), and `prev` itself when nothing changed. For
 * JSON values: after a refetch, an unchanged record keeps its identity.
 */
export function keepSame<T>(prev: unknown, next: T): T {
  if (prev === next || typeof prev !== "object" || typeof next !== "object" || prev === null || next === null) return next;
  if (Array.isArray(next) !== Array.isArray(prev)) return next;
  if (Array.isArray(next)) {
    const old = prev as unknown[];
    const byId = new Map<unknown, unknown>();
    for (const p of old) if (hasId(p)) byId.set(p.id, p);
    let same = old.length === next.length;
    const out = next.map((n, i) => {
      const kept = keepSame(hasId(n) ? byId.get(n.id) : old[i], n);
      if (kept !== old[i]) same = false;
      return kept;
    });
    return (same ? prev : out) as T;
  }
  const old = prev as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let same = Object.keys(old).length === Object.keys(next).length;
  for (const [key, value] of Object.entries(next)) {
    const kept = keepSame(old[key], value);
    if (kept !== old[key] || !(key in old)) same = false;
    out[key] = kept;
  }
  return (same ? prev : out) as T;
}

function hasId(value: unknown): value is { id: unknown } {
  return typeof value === "object" && value !== null && "id" in value;
}
