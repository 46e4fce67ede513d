// Time zones and countries for the forms: the backend's list of IANA zones (zone1970.tab /
// zone.tab), loaded once, the countries they cover named in the UI language, and the zone a
// country's form field is prefilled with.
import { listTimeZones } from "./api";
import type { TimeZoneInfo } from "./bindings";
import { countryName, fold, zoneCity } from "./format";

let cached: Promise<TimeZoneInfo[]> | null = null;

/** Every zone with its country (or countries), sorted by zone; fetched once per session. */
export function timeZones(): Promise<TimeZoneInfo[]> {
  if (!cached) {
    cached = listTimeZones().catch((e) => {
      cached = null;
      throw e;
    });
  }
  return cached;
}

/** For tests: forget the cached list. */
export function resetTimeZones(): void {
  cached = null;
}

/** The countries a zone belongs to ("BE" or, in zone1970.tab, "BE,LU,NL"). */
export function zoneCountries(info: TimeZoneInfo): string[] {
  return info.country
    .split(",")
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== "");
}

/** The country's main zone (else its first in the list), or null: what a form is prefilled with. */
export function firstZoneOf(zones: TimeZoneInfo[], country: string | null | undefined): string | null {
  if (!country) return null;
  const code = country.toUpperCase();
  const of = zones.filter((z) => zoneCountries(z).includes(code));
  return (of.find((z) => z.primary) ?? of[0])?.zone ?? null;
}

export type Country = { code: string; name: string };

/** Every country the zones cover, by name in the UI language. */
export function countries(zones: TimeZoneInfo[], locale: string): Country[] {
  const codes = new Set(zones.flatMap(zoneCountries));
  const collator = new Intl.Collator(locale);
  return [...codes].map((code) => ({ code, name: countryName(locale, code) })).sort((a, b) => collator.compare(a.name, b.name));
}

/** "Europe/Brussels — Bruxelles (Belgique)": what the zone picker shows for a zone. */
export function zoneLabel(info: TimeZoneInfo, locale: string): string {
  const city = zoneCity(info.zone, locale);
  const where = zoneCountries(info)
    .map((c) => countryName(locale, c))
    .join(", ");
  return `${info.zone.replace(/_/g, " ")} — ${city}${where ? ` (${where})` : ""}`;
}

/** The zones whose name, city or country matches `query` (accents and case ignored). */
export function filterZones(zones: TimeZoneInfo[], query: string, locale: string): TimeZoneInfo[] {
  const q = fold(query.trim());
  if (q === "") return zones;
  return zones.filter((z) => fold(`${zoneLabel(z, locale)} ${z.country}`).includes(q));
}
