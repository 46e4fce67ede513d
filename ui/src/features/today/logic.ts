// Pure helpers of the on-site view: wall-clock arithmetic and the save-as-you-type debouncer.
import type { AgendaKind, AgreementKind, OutcomeResults, OutcomeResultsInput } from "../../lib/bindings";
import { eurInput } from "../../lib/format";

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

/** The fields of an outcome's results, as the core names them in its errors. */
export const RESULT_FIELDS = ["agreement", "valueEur", "investmentEur", "jobs", "confirmedOn", "evidence"];

/** An outcome's results as the form holds them: text as typed, "" for none. */
export type ResultsDraft = {
  agreement: AgreementKind | "";
  valueEur: string;
  investmentEur: string;
  jobs: string;
  confirmedOn: string;
  evidence: string;
};

/** The form's text for results already recorded (or an empty block), amounts as the budget's
 *  forms type them back in `locale`. */
export function resultsDraft(locale: string, r: OutcomeResults | null): ResultsDraft {
  return {
    agreement: r?.agreement ?? "",
    valueEur: eurInput(locale, r?.valueCents),
    investmentEur: eurInput(locale, r?.investmentCents),
    jobs: r?.jobs == null ? "" : String(r.jobs),
    confirmedOn: r?.confirmedOn ?? "",
    evidence: r?.evidence ?? "",
  };
}

/** The form's text for results kept in a draft (as typed, not yet checked). */
export function resultsFromDraft(r: OutcomeResultsInput | null | undefined): ResultsDraft {
  return {
    agreement: r?.agreement ?? "",
    valueEur: r?.valueEur ?? "",
    investmentEur: r?.investmentEur ?? "",
    jobs: r?.jobs ?? "",
    confirmedOn: r?.confirmedOn ?? "",
    evidence: r?.evidence ?? "",
  };
}

/** What the form sends: only the fields typed; null when nothing is. */
export function resultsInput(d: ResultsDraft): OutcomeResultsInput | null {
  const input: OutcomeResultsInput = {};
  if (d.agreement) input.agreement = d.agreement;
  if (d.valueEur.trim()) input.valueEur = d.valueEur;
  if (d.investmentEur.trim()) input.investmentEur = d.investmentEur;
  if (d.jobs.trim()) input.jobs = d.jobs;
  if (d.confirmedOn) input.confirmedOn = d.confirmedOn;
  if (d.evidence) input.evidence = d.evidence;
  return Object.keys(input).length > 0 ? input : null;
}
