// Date, time and name formatting. Pure functions: the Intl locale ("fr-BE", "en-GB",
// "zh-TW") is always passed in, and every formatter names its IANA time zone explicitly.
//
// Calendar dates ("2025-06-26") are turned into UTC midnights and formatted in UTC, so
// they never shift by a day whatever the computer's own zone is.

import { zonedDate } from "./zoned";

const cache = new Map<string, Intl.DateTimeFormat>();

function dtf(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})/;

/** "2025-06-26" → the instant 2025-06-26T00:00:00Z (or null if malformed). */
export function parseDate(ymd: string): Date | null {
  const m = YMD.exec(ymd);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** "jeu. 26 – ven. 27 juin 2025" (fr-BE), "Thu, 26 June – Fri, 27 June 2025" (en-GB). */
export function formatDateRange(locale: string, start: string, end: string): string {
  const a = parseDate(start);
  const b = parseDate(end);
  if (!a) return start;
  const f = dtf(locale, { weekday: "short", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  if (!b || b.getTime() === a.getTime()) return f.format(a);
  if (b < a) return `${f.format(a)} – ${f.format(b)}`;
  if (locale.startsWith("zh")) {
    // ICU's zh-TW range pattern with weekdays falls back to "2025/6/26週四至2025/6/27週五".
    const sameYear = a.getUTCFullYear() === b.getUTCFullYear();
    const end = sameYear ? dtf(locale, { weekday: "short", day: "numeric", month: "long", timeZone: "UTC" }).format(b) : f.format(b);
    return `${f.format(a)} – ${end}`;
  }
  return f.formatRange(a, b);
}

/** "jeudi 26 juin 2025", "Thursday, 26 June 2025", "2025年6月26日 星期四". */
export function formatLongDate(locale: string, ymd: string): string {
  const d = parseDate(ymd);
  if (!d) return ymd;
  return dtf(locale, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d);
}

/** "ven. 27 juin", "Fri 27 June": a day within a mission, year left out. */
export function formatDay(locale: string, ymd: string): string {
  const d = parseDate(ymd);
  if (!d) return ymd;
  return dtf(locale, { weekday: "short", day: "numeric", month: "long", timeZone: "UTC" }).format(d);
}

/** "26 juin 2025", "26 Jun 2025". */
export function formatShortDate(locale: string, ymd: string): string {
  const d = parseDate(ymd);
  if (!d) return ymd;
  return dtf(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(d);
}

/** "18:00": 24-hour clock time of an instant in `timeZone`. */
export function formatTime(locale: string, instant: Date, timeZone: string): string {
  return dtf(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(instant);
}

/** Whole days from calendar date `from` to calendar date `to` ("2025-06-26" → "2025-06-27" = 1). */
export function dayDiff(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  if (!a || !b) return 0;
  return Math.round((b.getTime() - a.getTime()) / 86_400_000);
}

/** "+1", "−1" (true minus sign) or "" for the same day. */
export function offsetLabel(days: number): string {
  if (days === 0) return "";
  return days > 0 ? `+${days}` : `\u2212${Math.abs(days)}`;
}

export type ZonedRange = {
  /** "00:00–02:00" */
  text: string;
  start: string;
  end: string;
  /** Days between the reference date and the start's date in this zone (Taipei is +1 on a Brussels evening). */
  dayOffset: number;
  /** Days between the start's and the end's dates in this zone (an item past midnight is 1). */
  endOffset: number;
};

/**
 * Formats an agenda item's span in `timeZone`. `referenceDate` is the day the item is
 * filed under (AgendaDay.date, in the host zone): the result says how far the zone's
 * own calendar is from it.
 */
export function zonedRange(
  locale: string,
  startIso: string,
  endIso: string,
  timeZone: string,
  referenceDate: string,
): ZonedRange {
  const s = new Date(startIso);
  const e = new Date(endIso);
  if (Number.isNaN(s.getTime())) {
    return { text: startIso, start: startIso, end: endIso, dayOffset: 0, endOffset: 0 };
  }
  const start = formatTime(locale, s, timeZone);
  const startDate = zonedDate(s, timeZone);
  const dayOffset = dayDiff(referenceDate, startDate);
  if (Number.isNaN(e.getTime())) return { text: start, start, end: "", dayOffset, endOffset: 0 };
  const end = formatTime(locale, e, timeZone);
  const endOffset = dayDiff(startDate, zonedDate(e, timeZone));
  return { text: `${start}\u2013${end}`, start, end, dayOffset, endOffset };
}

// Intl has no display names for zone cities; these are the ones trade missions between
// Belgium and Asia meet most. Other zones show their IANA city ("Buenos Aires").
const ZONE_CITIES: Record<string, { fr?: string; zh?: string }> = {
  "Europe/Brussels": { fr: "Bruxelles", zh: "布魯塞爾" },
  "Asia/Taipei": { zh: "台北" },
  "Europe/Paris": { zh: "巴黎" },
  "Europe/Luxembourg": { zh: "盧森堡" },
  "Europe/Amsterdam": { zh: "阿姆斯特丹" },
  "Europe/Berlin": { zh: "柏林" },
  "Europe/London": { fr: "Londres", zh: "倫敦" },
  "Asia/Tokyo": { zh: "東京" },
  "Asia/Seoul": { fr: "Séoul", zh: "首爾" },
  "Asia/Shanghai": { fr: "Shanghai", zh: "上海" },
  "Asia/Hong_Kong": { zh: "香港" },
  "Asia/Singapore": { fr: "Singapour", zh: "新加坡" },
  "America/New_York": { zh: "紐約" },
};

/**
 * The city a zone is named after, in the UI language when known:
 * "Asia/Taipei" → "Taipei" (fr, en) or "台北" (zh-TW); "America/Argentina/Buenos_Aires" → "Buenos Aires".
 */
export function zoneCity(tz: string, locale = "en"): string {
  const known = ZONE_CITIES[tz];
  const lang = locale.slice(0, 2);
  if (known && lang === "fr" && known.fr) return known.fr;
  if (known && lang === "zh" && known.zh) return known.zh;
  const last = tz.split("/").pop() ?? tz;
  return last.replace(/_/g, " ");
}

/**
 * The wall-clock date and time written in an RFC 3339 stamp, in the place's own zone
 * ("2025-06-26T18:00:00+02:00" → "26 juin 2025, 18:00"), without converting it.
 */
export function formatWallClock(locale: string, rfc3339: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(rfc3339);
  if (!m) return rfc3339;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
  return dtf(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "UTC",
  }).format(d);
}

const displayNames = new Map<string, Intl.DisplayNames | null>();

function names(locale: string, type: "region" | "language"): Intl.DisplayNames | null {
  const key = `${locale}|${type}`;
  if (!displayNames.has(key)) {
    try {
      displayNames.set(key, new Intl.DisplayNames([locale], { type, fallback: "code" }));
    } catch {
      displayNames.set(key, null);
    }
  }
  return displayNames.get(key) ?? null;
}

/**
 * Where the window names a country otherwise than the printed documents (documents/locale.rs):
 * CLDR writes 台灣, the documents, the demo's Chinese titles and Taiwan's standard form 臺灣.
 */
const AS_PRINTED: Record<string, Record<string, string>> = { "zh-TW": { TW: "臺灣" } };

/** "BE" → "Belgique" / "Belgium" / "比利時". */
export function countryName(locale: string, code: string): string {
  const printed = AS_PRINTED[locale]?.[code.toUpperCase()];
  if (printed) return printed;
  try {
    return names(locale, "region")?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** "zh-Hant" → "chinois traditionnel" / "Traditional Chinese". */
export function languageName(locale: string, code: string): string {
  try {
    return names(locale, "language")?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "medical_imaging" → "Medical imaging" (used only when the backend has no label). */
export function humanise(code: string): string {
  const s = code.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Lower-case, accents removed: the form list filters compare. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Joins short labels the way the language does: "A, B" or "A、B". */
export function joinList(locale: string, items: string[]): string {
  return items.join(locale.startsWith("zh") ? "、" : ", ");
}

/**
 * A moment in the computer's own zone, e.g. "22 nov. 2026, 09:15" (for backups and logs,
 * which are not mission times). 24-hour clock in every language.
 */
export function formatDateTime(locale: string, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dtf(locale, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
}

/**
 * An instant of a mission shown in a named zone (the mission's host zone, never the
 * computer's): "jeu. 26 juin 2025, 14:30", "Thu, 26 Jun 2025, 14:30", "2025年6月26日 週四 14:30".
 */
export function formatInstant(locale: string, instant: Date | string, timeZone: string): string {
  const d = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return String(instant);
  return dtf(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(d);
}

/** "21:06:46": a clock time with seconds in `timeZone` (24 h), e.g. when a draft was saved. */
export function formatClock(locale: string, instant: Date | string, timeZone?: string): string {
  const d = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return String(instant);
  return dtf(locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", ...(timeZone ? { timeZone } : {}) }).format(d);
}

/** "26/06/2025" (fr-BE, en-GB), "2025/06/26" (zh-TW): the all-digits form a date is typed in. */
export function formatNumericDate(locale: string, ymd: string): string {
  const d = parseDate(ymd);
  if (!d) return ymd;
  const order = dateOrder(locale);
  const parts = { day: ymd.slice(8, 10), month: ymd.slice(5, 7), year: ymd.slice(0, 4) };
  return order.map((p) => parts[p]).join("/");
}

/** 1234.5 → "1 234,5" (fr-BE), "1,234.5" (en-GB). */
export function formatNumber(locale: string, n: number, options?: Intl.NumberFormatOptions): string {
  return n.toLocaleString(locale, options);
}

/** Euro cents as money in the language: 125050 → "1 250,50 €" (fr-BE), "€1,250.50" (en-GB). */
export function formatEur(locale: string, cents: number): string {
  return (cents / 100).toLocaleString(locale, { style: "currency", currency: "EUR" });
}

/** Euro cents as the forms type them back: 125050 → "1250,50" (a comma where the language
 *  writes one), "" for none. */
export function eurInput(locale: string, cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return "";
  const text = (cents / 100).toFixed(2);
  return (0.5).toLocaleString(locale).includes(",") ? text.replace(".", ",") : text;
}

/** A number as a form shows it to be typed back: 12.5 → "12,5" (fr), "12.5" (en); no grouping,
 *  at most two decimals; "" for none. */
export function numberInput(locale: string, n: number | null | undefined): string {
  if (n === null || n === undefined) return "";
  return n.toLocaleString(locale, { useGrouping: false, maximumFractionDigits: 2 });
}

/** The IANA zone of this computer (only for what is not a mission's time). */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Today's calendar date ("2026-12-05") in `timeZone` (the computer's zone by default). */
export function todayIn(timeZone: string = localZone(), now: Date = new Date()): string {
  return zonedDate(now, timeZone);
}

// ---------------------------------------------------------------------------------------
// Typed dates: the numeric order of the locale (day/month/year for fr and en-GB,
// year/month/day for zh-TW), read strictly.

export type DatePart = "day" | "month" | "year";

/** The order in which the locale writes a numeric date: ["day", "month", "year"] or ["year", "month", "day"]. */
export function dateOrder(locale: string): DatePart[] {
  const parts = dtf(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" })
    .formatToParts(new Date(Date.UTC(2025, 5, 26)))
    .map((p) => p.type)
    .filter((t): t is DatePart => t === "day" || t === "month" || t === "year");
  return parts.length === 3 ? parts : ["day", "month", "year"];
}

/** Why a typed date was refused: not in the locale's shape, or a day that does not exist. */
export type DateParseError = "format" | "month" | "day";

export type DateParse = { ok: true; value: string } | { ok: false; error: DateParseError };

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * Reads a date typed in the locale's numeric order ("26/06/2025", "26.6.2025", "26-06-2025"
 * in French; "2025/06/26" in Chinese) or as ISO ("2025-06-26", any locale), strictly: a
 * four-digit year, a month 1–12 and a day that exists in that month. "" → ok with "".
 */
export function parseTypedDate(locale: string, text: string): DateParse {
  const s = text.trim();
  if (s === "") return { ok: true, value: "" };
  const m = /^(\d{1,4})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{1,4})$/.exec(s);
  if (!m) return { ok: false, error: "format" };
  let year: string, month: string, day: string;
  if (m[1].length === 4) {
    // Year first: ISO (or the zh-TW order), always year-month-day.
    [year, month, day] = [m[1], m[2], m[3]];
  } else {
    const order = dateOrder(locale);
    if (order[0] === "year") return { ok: false, error: "format" };
    const byPart: Record<DatePart, string> = { day: "", month: "", year: "" };
    order.forEach((p, i) => (byPart[p] = m[i + 1]));
    [year, month, day] = [byPart.year, byPart.month, byPart.day];
  }
  if (year.length !== 4 || day.length > 2 || month.length > 2) return { ok: false, error: "format" };
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  if (mo < 1 || mo > 12) return { ok: false, error: "month" };
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > last) return { ok: false, error: "day" };
  return { ok: true, value: `${pad(y, 4)}-${pad(mo)}-${pad(d)}` };
}

/** Adds whole days to a calendar date: ("2025-06-30", 1) → "2025-07-01". */
export function addDays(ymd: string, days: number): string {
  const d = parseDate(ymd);
  if (!d) return ymd;
  return new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Adds months, keeping the day inside the month: ("2025-01-31", 1) → "2025-02-28". */
export function addMonths(ymd: string, months: number): string {
  const d = parseDate(ymd);
  if (!d) return ymd;
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last))).toISOString().slice(0, 10);
}

/** The first day of the week in the locale: 1 = Monday (fr, en-GB), 7 = Sunday (zh-TW). */
export function firstDayOfWeek(locale: string): number {
  try {
    const loc = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } };
    const info = loc.getWeekInfo?.() ?? loc.weekInfo;
    if (info?.firstDay) return info.firstDay;
  } catch {
    // fall through
  }
  return locale.startsWith("zh") ? 7 : 1;
}

/** "juin 2025", "June 2025", "2025年6月". */
export function formatMonth(locale: string, ymd: string): string {
  const d = parseDate(ymd);
  if (!d) return ymd;
  return dtf(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(d);
}

/** "lu", "Mo", "一": a weekday's short name for a calendar header (1 = Monday … 7 = Sunday). */
export function weekdayName(locale: string, isoWeekday: number, width: "narrow" | "short" | "long" = "short"): string {
  // 2025-06-23 is a Monday.
  return dtf(locale, { weekday: width, timeZone: "UTC" }).format(new Date(Date.UTC(2025, 5, 22 + isoWeekday)));
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(ymd: string): number {
  const d = parseDate(ymd);
  if (!d) return 1;
  return ((d.getUTCDay() + 6) % 7) + 1;
}

// ---------------------------------------------------------------------------------------
// Typed times: 24-hour clock in every language.

export type TimeParse = { ok: true; value: string } | { ok: false };

/** Reads "14:30", "14h30", "14.30", "1430", "9:05" or "9" as "HH:MM" (24 h); "" → ok with "". */
/**
 * A number as typed, with a decimal comma or point ("1,3", "1.3", " 80 "); null when the text
 * is not one (blank included). Spaces between digits are dropped ("1 250").
 */
export function parseTypedNumber(text: string): number | null {
  const t = text.trim().replace(/\s/g, "");
  if (!/^(\d+([.,]\d*)?|[.,]\d+)$/.test(t)) return null;
  return Number(t.replace(",", "."));
}

export function parseTypedTime(text: string): TimeParse {
  const s = text.trim().toLowerCase();
  if (s === "") return { ok: true, value: "" };
  const m = /^(\d{1,2})(?:\s*[:h.]\s*(\d{2})?)?$/.exec(s) ?? /^(\d{2})(\d{2})$/.exec(s);
  if (!m) return { ok: false };
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (h > 23 || min > 59) return { ok: false };
  return { ok: true, value: `${pad(h)}:${pad(min)}` };
}
