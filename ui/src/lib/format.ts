// Date, time and name formatting. Pure functions: the Intl locale ("fr-BE", "en-GB",
// "zh-TW") is always passed in, and every formatter names its IANA time zone explicitly.
//
// Calendar dates ("2025-06-26") are turned into UTC midnights and formatted in UTC, so
// they never shift by a day whatever the computer's own zone is.

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

/** The calendar date ("2025-06-27") of an instant in `timeZone`. */
export function zonedDate(instant: Date, timeZone: string): string {
  const parts = dtf("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}`;
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

/** "BE" → "Belgique" / "Belgium" / "比利時". */
export function countryName(locale: string, code: string): string {
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

/** A date and time in the user's zone, e.g. "22 nov. 2026, 09:15" (for backups, logs). */
export function formatDateTime(locale: string, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
}
