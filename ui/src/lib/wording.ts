// A record's words for the documents of each language (a mission's title, an item's title and
// description), as typed in its form: one text per language ("" for none), sent as the core's
// `Wording` (blank ones left out).
import type { AgendaItem, Wording } from "./bindings";

export type WordingKey = "fr" | "en" | "zhTw";
export type TypedWording = Record<WordingKey, string>;

/** The document languages in the form's order, with their codes (the labels' and `lang`'s). */
export const WORDING_LANGS: readonly { key: WordingKey; code: "fr" | "en" | "zh-TW" }[] = [
  { key: "fr", code: "fr" },
  { key: "en", code: "en" },
  { key: "zhTw", code: "zh-TW" },
];

export function typedWording(w: Wording | null | undefined): TypedWording {
  return { fr: w?.fr ?? "", en: w?.en ?? "", zhTw: w?.zhTw ?? "" };
}

export function wordingInput(w: TypedWording): Wording {
  const out: Wording = {};
  for (const { key } of WORDING_LANGS) {
    const text = w[key].trim();
    if (text) out[key] = text;
  }
  return out;
}

/** Whether the words typed are those stored (blanks as none). */
export function sameWording(typed: TypedWording, stored: Wording): boolean {
  const saved = typedWording(stored);
  return WORDING_LANGS.every(({ key }) => typed[key].trim() === saved[key].trim());
}

/** The languages given a title or a description, in the form's order. */
export function wordedLangs(titles: TypedWording, descriptions?: TypedWording): (typeof WORDING_LANGS)[number][] {
  return WORDING_LANGS.filter(({ key }) => titles[key].trim() || descriptions?.[key].trim());
}

/**
 * The records a document in the language `code` prints under their own text although others
 * have words for that language: those the planner likely has not translated yet. None when no
 * record has any (the planner does not translate into that language). `skip`: records never
 * named (a cancelled item).
 */
export function untranslatedOf<T>(records: T[], code: string, wording: (r: T) => Wording, skip: (r: T) => boolean = () => false): T[] {
  const lang = WORDING_LANGS.find((l) => l.code === code);
  if (!lang) return [];
  const has = (r: T) => !!wording(r)[lang.key]?.trim();
  if (!records.some(has)) return [];
  return records.filter((r) => !has(r) && !skip(r));
}

/** The items printed under their own title in the language `code` (cancelled ones left out). */
export function untranslated(items: AgendaItem[], code: string): AgendaItem[] {
  return untranslatedOf(items, code, (i) => i.titles, (i) => i.status === "cancelled");
}
