// Loads data for a component and keeps it fresh: refetches when the fetcher's reactive inputs
// change (e.g. a route id) and when a commit touched what it shows (`store-events.svelte.ts`):
// a kind it reads, or a record its data mentions by id.
import { untrack } from "svelte";
import { toApiError, type ApiError } from "./api";
import { mentions, onChange, touches, type Change } from "./store-events.svelte";
import { firstData } from "./timing";

export class Resource<T> {
  data = $state<T | undefined>(undefined);
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
    const done = (async () => {
      try {
        const value = await request;
        if (token !== this.#token) return;
        this.data = value;
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
