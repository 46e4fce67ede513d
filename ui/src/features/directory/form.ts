// Small helpers shared by the directory's edit forms (organisations, departments, contacts,
// technologies, specialties): fresh ids, blank → null, comma lists, and the backend's
// validation error put beside its field.
import { toApiError, type ApiError } from "../../lib/api";
import { errorText } from "../../lib/i18n/index.svelte";

/** A fresh id for a record created by the user (`org_…`, `dep_…`, `con_…`, `tec_…`). */
export function newId(prefix: "org" | "dep" | "con" | "tec"): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `${prefix}_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Trimmed text, or null when empty. */
export function orNull(value: string | null | undefined): string | null {
  const v = (value ?? "").trim();
  return v === "" ? null : v;
}

/** "fr, en ,zh-TW" → ["fr", "en", "zh-TW"]. */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** A number typed in a text box, or null when empty (NaN is kept so the backend names the field). */
export function orNumber(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  const v = value.trim().replace(",", ".");
  if (v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** What a failed save shows: an error beside one field, or a general error. */
export type FormFailure = { fieldErrors: Record<string, string>; error: ApiError | null };

export function failure(e: unknown): FormFailure {
  const err = toApiError(e);
  if (err.kind === "validation" && err.field) {
    return { fieldErrors: { [err.field]: errorText(err) }, error: null };
  }
  return { fieldErrors: {}, error: err };
}
