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

/** The languages given a title or a description, in the form's order. */
export function wordedLangs(titles: TypedWording, descriptions?: TypedWording): (typeof WORDING_LANGS)[number][] {
  return WORDING_LANGS.filter(({ key }) => titles[key].trim() || descriptions?.[key].trim());
}

/**
 * The items a document in the language `code` prints under their own title although others of
 * the mission have a title for that language: those the planner likely has not translated yet.
 * None when no item has one (the planner does not translate into that language). Cancelled
 * items are left out.
 */
export function untranslated(items: AgendaItem[], code: string): AgendaItem[] {
  const lang = WORDING_LANGS.find((l) => l.code === code);
  if (!lang) return [];
  const has = (i: AgendaItem) => !!i.titles[lang.key]?.trim();
  if (!items.some(has)) return [];
  return items.filter((i) => !has(i) && i.status !== "cancelled");
}
