// Offline i18n: one flat JSON catalogue per locale, a typed `t()`, and the current
// locale as rune state so every template that calls `t()` re-renders on a switch.
// Each catalogue is a chunk of its own, loaded when its language is first shown: the window's
// start parses one catalogue, not three (with the three, a third of the first screen's script).
import type enMessages from "./en.json";
import { formatDay, formatNumericDate, formatTime, parseDate } from "../format";
import { zonedDate } from "../zoned";

export type Locale = "fr" | "en" | "zh-TW";
export const LOCALES: readonly Locale[] = ["fr", "en", "zh-TW"];

/** Short labels for the language switch, each in its own language. */
export const LOCALE_LABELS: Record<Locale, string> = { fr: "FR", en: "EN", "zh-TW": "中文" };
/** Full names, for screen readers. */
export const LOCALE_NAMES: Record<Locale, string> = { fr: "Français", en: "English", "zh-TW": "繁體中文" };

/** The BCP 47 tag handed to Intl for each UI locale. */
export const INTL_LOCALE: Record<Locale, string> = { fr: "fr-BE", en: "en-GB", "zh-TW": "zh-TW" };

export type MessageKey = keyof typeof enMessages;
/** Keys `x` for which `x.other` exists: pass them to `tn()`. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.other` ? Base : never) : never;
export type Params = Record<string, string | number>;
export type Catalogue = Partial<Record<MessageKey, string>>;

const LOADERS: Record<Locale, () => Promise<Catalogue>> = {
  en: () => import("./en.json").then((m) => m.default),
  // French must be complete: a missing key is a type error here (and a test failure).
  fr: () => import("./fr.json").then((m): Record<MessageKey, string> => m.default),
  // Traditional Chinese leaves out only the `.one` plural forms it never uses (a test checks).
  "zh-TW": () => import("./zh-TW.json").then((m) => m.default),
};

const catalogues: Partial<Record<Locale, Catalogue>> = {};
const loading: Partial<Record<Locale, Promise<void>>> = {};

// `loaded` counts the catalogues in: a text looked up before its catalogue arrived is redone.
const state = $state<{ locale: Locale; loaded: number }>({ locale: "en", loaded: 0 });

/** Makes a catalogue available (the tests' setup registers the three at once). */
export function registerCatalogue(locale: Locale, messages: Catalogue): void {
  catalogues[locale] = messages;
  state.loaded += 1;
}

/** Starts loading a language's catalogue, once; resolves when it is in. */
export function prefetchLocale(locale: Locale): Promise<void> {
  if (catalogues[locale]) return Promise.resolve();
  loading[locale] ??= LOADERS[locale]().then((messages) => registerCatalogue(locale, messages));
  return loading[locale];
}

/** Switches the UI language once its catalogue is in (loaded on first use). */
export async function loadLocale(locale: Locale): Promise<void> {
  await prefetchLocale(locale);
  applyLocale(locale);
}

/** Where the window remembers the last language shown, to fetch its catalogue before the
 *  stored setting answers (the setting decides; this is a guess that is right nearly always). */
const LAST_SHOWN = "passerelle.locale";

/** The language last shown in this window, else the system's: the catalogue to fetch first. */
export function likelyLocale(): Locale {
  let last: string | null = null;
  try {
    last = typeof localStorage === "undefined" ? null : localStorage.getItem(LAST_SHOWN);
  } catch {
    // storage refused: the system's language
  }
  return detectLocale(last, typeof navigator === "undefined" ? null : navigator.language);
}

export const i18n = {
  /** "fr" | "en" | "zh-TW" */
  get locale(): Locale {
    return state.locale;
  },
  /** "fr-BE" | "en-GB" | "zh-TW", for Intl formatters. */
  get intl(): string {
    return INTL_LOCALE[state.locale];
  },
};

/** Maps any language tag to a UI locale: fr* → fr, zh* → zh-TW, en* → en; null if unknown. */
export function normaliseLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const lower = tag.trim().toLowerCase();
  if (lower.startsWith("fr")) return "fr";
  if (lower.startsWith("zh")) return "zh-TW";
  if (lower.startsWith("en")) return "en";
  return null;
}

/** The stored preference if any, else the system language (fr*, zh* → zh-TW, anything else → en). */
export function detectLocale(stored: string | null | undefined, systemLanguage: string | null | undefined): Locale {
  return normaliseLocale(stored) ?? normaliseLocale(systemLanguage) ?? "en";
}

/** Switches the UI language to one whose catalogue is in (no backend call; `loadLocale` loads it first). */
export function applyLocale(locale: Locale): void {
  state.locale = locale;
  if (typeof document !== "undefined") document.documentElement.lang = INTL_LOCALE[locale];
  try {
    if (typeof localStorage !== "undefined") localStorage.setItem(LAST_SHOWN, locale);
  } catch {
    // storage refused: only the next start's guess is lost
  }
}

function interpolate(message: string, params: Params | undefined, locale: Locale): string {
  if (!params) return message;
  return message.replace(/\{(\w+)(?::(time|date|dateTime|day|list|timeRanges|duration))?\}/g, (whole, name: string, format?: string) => {
    // Data translated in the record (a specialty's label) comes as `name@fr`, `name@zh-TW` beside `name`.
    const value = params[`${name}@${locale}`] ?? params[name];
    if (value === undefined) return whole;
    if (format) return formatParam(String(value), format, params.zone, locale) ?? whole;
    return typeof value === "number" ? value.toLocaleString(INTL_LOCALE[locale]) : value;
  });
}

/**
 * `{name:list}`: names one a line, joined as the language does ("A, B et C", beyond four "A, B, C
 * et 9 autres"); `{name:timeRanges}`: RFC 3339 intervals `start/end`, one a line, as such a list
 * of "14:00–15:00" in `params.zone`; `{name:duration}`: minutes as "1 h 15". The core's
 * `messages/mod.rs` follows the same rules with the same `list.*` and `duration.*` keys.
 */
function formatParam(value: string, format: string, zone: string | number | undefined, locale: Locale): string | null {
  if (format === "list") return formatList(value.split("\n"), locale);
  // `{name:day}`: a calendar day "2025-06-26" as a date is typed ("26/06/2025", "2025/06/26").
  if (format === "day") return parseDate(value) ? formatNumericDate(INTL_LOCALE[locale], value) : null;
  if (format === "timeRanges") {
    const ranges: string[] = [];
    for (const range of value.split("\n")) {
      const [start, end] = range.split("/");
      const from = start === undefined ? null : formatParamInstant(start, "time", zone, locale);
      const to = end === undefined ? null : formatParamInstant(end, "time", zone, locale);
      if (from === null || to === null) return null;
      ranges.push(`${from}–${to}`);
    }
    return formatList(ranges, locale);
  }
  if (format === "duration") {
    if (!/^-?\d+$/.test(value)) return null;
    const minutes = Number(value);
    const h = Math.trunc(minutes / 60);
    const m = minutes % 60;
    const key: MessageKey = h === 0 ? "duration.minutes" : m === 0 ? "duration.hours" : "duration.hoursMinutes";
    return interpolate(lookup(key, locale), { h: String(h), m: String(m), mm: String(m).padStart(2, "0") }, locale);
  }
  return formatParamInstant(value, format, zone, locale);
}

function formatList(items: string[], locale: Locale): string {
  const separator = lookup("list.separator", locale);
  if (items.length > 4) {
    const first = items.slice(0, 3).join(separator);
    const more = { first, others: String(items.length - 3) };
    return interpolate(lookup("list.more", locale), more, locale);
  }
  if (items.length < 2) return items[0] ?? "";
  return interpolate(lookup("list.last", locale), { rest: items.slice(0, -1).join(separator), last: items[items.length - 1] }, locale);
}

/** `{name:time}`, `{name:date}`, `{name:dateTime}`: an RFC 3339 instant in the zone `params.zone` (UTC if none). */
export function formatParamInstant(value: string, format: string, zone: string | number | undefined, locale: Locale): string | null {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return null;
  const timeZone = typeof zone === "string" && zone ? zone : "UTC";
  const intl = INTL_LOCALE[locale];
  const time = formatTime(intl, at, timeZone);
  const date = () => formatDay(intl, zonedDate(at, timeZone));
  if (format === "time") return time;
  if (format === "date") return date();
  return `${date()} ${time}`;
}

/** A language's catalogue as far as it is in (empty before), read so that a text looked up
 *  before its catalogue arrived is redone. */
function catalogue(locale: Locale): Catalogue {
  void state.loaded;
  return catalogues[locale] ?? {};
}

function lookup(key: MessageKey, locale: Locale): string {
  return catalogue(locale)[key] ?? catalogue("en")[key] ?? key;
}

/** The current language's catalogue (English until one is in). */
function current(): Catalogue {
  return catalogues[state.locale] ? catalogue(state.locale) : catalogue("en");
}

/**
 * A label of data that carries its own translations (a specialty's): the current language's,
 * else the English one.
 */
export function dataLabel(en: string, fr: string | null | undefined, zh: string | null | undefined): string {
  const own = state.locale === "fr" ? fr : state.locale === "zh-TW" ? zh : null;
  return own || en;
}

/** The message for `key` in the current locale, `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Params): string {
  const locale = state.locale;
  return interpolate(lookup(key, locale), params, locale);
}

/** A coded message of the core: `code` without a dot is an error (`err.<code>`), with a dot it is the key. */
export interface CodedMessage {
  code: string;
  params?: { [key in string]?: string };
}

/** The catalogue key of a core message code (the same rule as the core's `Message::key`). */
export function messageKey(code: string): string {
  return code.includes(".") ? code : `err.${code}`;
}

/** Whether this build has a message for the code (a newer core may send one it does not know). */
export function hasMessage(code: string): boolean {
  const key = messageKey(code);
  const catalogue = current();
  return key in catalogue || `${key}.other` in catalogue;
}

/**
 * A core message in the current language: its key, the plural form picked by `params.count`
 * when the catalogue has `.one`/`.other` forms, parameters filled (`{at:time}` shows an instant
 * in `params.zone`). The rules are those of the core's `messages/mod.rs`.
 */
export function messageText(message: CodedMessage): string {
  const key = messageKey(message.code);
  const params: Params = {};
  for (const [name, value] of Object.entries(message.params ?? {})) if (value !== undefined) params[name] = value;
  const count = params.count === undefined ? NaN : Number(params.count);
  const plural = `${key}.other` in current();
  if (plural && !Number.isNaN(count)) return tn(key as PluralKey, count, params);
  if (plural) return t(`${key}.other` as MessageKey, params);
  return t(key as MessageKey, params);
}

/**
 * An action's label (a change set's, shown by undo and redo) in the current language: an
 * `action.*` code from the catalogue; a label that is not one (files from before labels were
 * codes hold English sentences) as it is. The core's `messages::label_text` does the same.
 */
export function labelText(label: string): string {
  return label.startsWith("action.") && hasMessage(label) ? messageText({ code: label }) : label;
}

/**
 * A backend error's text in the current language: its coded message when the core gave one,
 * else its message without the "field: " prefix the core writes for logs.
 */
export function errorText(error: {
  code?: string;
  params?: { [key in string]?: string };
  message: string;
  field?: string | null;
}): string {
  if (error.code && hasMessage(error.code)) return messageText({ code: error.code, params: error.params });
  const prefix = error.field ? `${error.field}: ` : null;
  return prefix && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** Plural-aware message: picks `key.one`, `key.other`… with Intl.PluralRules; `{count}` is filled. */
export function tn(key: PluralKey, count: number, params?: Params): string {
  const locale = state.locale;
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(INTL_LOCALE[locale]);
    pluralRules.set(locale, rules);
  }
  const category = rules.select(count);
  const own = catalogue(locale);
  const english = catalogue("en");
  const message =
    own[`${key}.${category}` as MessageKey] ??
    own[`${key}.other` as MessageKey] ??
    english[`${key}.${category}` as MessageKey] ??
    english[`${key}.other` as MessageKey] ??
    key;
  return interpolate(message, { count, ...params }, locale);
}
