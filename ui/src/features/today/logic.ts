// Pure helpers of the on-site view: wall-clock arithmetic and the save-as-you-type debouncer.
import type { AgendaKind } from "../../lib/bindings";

/** "2025-06-27T14:00:00+02:00" → "14:00" (the place's own wall clock, never converted). */
export function wallTime(rfc3339: string): string {
  const m = /T(\d{2}):(\d{2})/.exec(rfc3339);
  return m ? `${m[1]}:${m[2]}` : rfc3339;
}

/**
 * The wall-clock stamp `minutes` later (or earlier), without an offset, as the backend reads
 * it in the item's zone: "2025-06-27T14:00:00+02:00", 15 → "2025-06-27T14:15".
 */
export function shiftWallClock(rfc3339: string, minutes: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(rfc3339);
  if (!m) return rfc3339;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) + minutes * 60_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** Minutes between two stamps. */
export function durationMinutes(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 60_000);
}

/** Items that can have an outcome: where people meet. */
export function hasOutcome(kind: AgendaKind): boolean {
  return kind === "meeting" || kind === "presentation" || kind === "visit" || kind === "reception";
}

/**
 * Saves the latest value a short while after the last change (save as you type). One save
 * runs at a time; a change during a save is saved right after. `flush()` saves now.
 */
export class Debouncer<T> {
  #pending: T | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  readonly #save: (value: T) => Promise<void>;
  readonly #delay: number;

  constructor(save: (value: T) => Promise<void>, delayMs = 350) {
    this.#save = save;
    this.#delay = delayMs;
  }

  get pending(): boolean {
    return this.#pending !== undefined || this.#running !== undefined;
  }

  schedule(value: T): void {
    this.#pending = value;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), this.#delay);
  }

  /** Drops what was scheduled and not yet saved. */
  cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = undefined;
  }

  async flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#running) await this.#running;
    const value = this.#pending;
    if (value === undefined) return;
    this.#pending = undefined;
    this.#running = this.#save(value).finally(() => {
      this.#running = undefined;
    });
    await this.#running;
  }
}
