// Loads data for a component and keeps it fresh: refetches when the fetcher's reactive
// inputs change (e.g. a route id) and after every backend write (`store-changed`).
import { untrack } from "svelte";
import { toApiError, type ApiError } from "./api";
import { changes } from "./store-events.svelte";

export class Resource<T> {
  data = $state<T | undefined>(undefined);
  error = $state<ApiError | null>(null);
  loading = $state(false);
  #token = 0;
  #fetcher: () => Promise<T>;

  constructor(fetcher: () => Promise<T>) {
    this.#fetcher = fetcher;
  }

  /** Runs a request; an older request that answers late is ignored. */
  async track(request: Promise<T>): Promise<void> {
    const token = ++this.#token;
    this.loading = true;
    try {
      const value = await request;
      if (token !== this.#token) return;
      this.data = value;
      this.error = null;
    } catch (e) {
      if (token !== this.#token) return;
      this.error = toApiError(e);
    } finally {
      if (token === this.#token) this.loading = false;
    }
  }

  reload(): Promise<void> {
    return this.track(this.#fetcher());
  }
}

/** Call during component initialisation. */
export function resource<T>(fetcher: () => Promise<T>): Resource<T> {
  const r = new Resource<T>(fetcher);
  $effect(() => {
    void changes.version;
    const request = fetcher(); // reads the reactive inputs synchronously, so they are tracked
    untrack(() => void r.track(request));
  });
  return r;
}
