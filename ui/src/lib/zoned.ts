// The one zone converter of the window: instants to wall-clock times in a named IANA zone and
// back. Every time a planner sees or types is a wall clock in a named zone (the site's, the
// host's, the delegation's home), never the computer's own; the core is told instants with
// their offsets. Pure: unit-tested (time.test.ts, logic.test.ts, format.test.ts).

const pad = (n: number) => String(n).padStart(2, "0");

const partsCache = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = partsCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    partsCache.set(tz, f);
  }
  return f;
}

/** "2025-06-27T14:00" — the wall-clock time of an instant in `tz`. */
export function wallClock(iso: string, tz: string): string {
  const parts = Object.fromEntries(formatter(tz).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The calendar date ("2025-06-27") of an instant in `tz`. */
export function zonedDate(instant: Date, tz: string): string {
  return wallClock(instant.toISOString(), tz).slice(0, 10);
}

/** "YYYY-MM-DDTHH:MM" read as if it were UTC (plain calendar arithmetic). */
function asUtc(wall: string): number {
  const [d, t] = wall.split("T");
  const [y, m, day] = d.split("-").map(Number);
  const [h, min] = t.split(":").map(Number);
  return Date.UTC(y, m - 1, day, h, min);
}

/** Adds minutes to a "YYYY-MM-DDTHH:MM" wall-clock text (plain calendar arithmetic, no zone). */
export function addMinutes(wall: string, minutes: number): string {
  const u = new Date(asUtc(wall) + minutes * 60_000);
  return `${u.getUTCFullYear()}-${pad(u.getUTCMonth() + 1)}-${pad(u.getUTCDate())}T${pad(u.getUTCHours())}:${pad(u.getUTCMinutes())}`;
}

/** The day after "YYYY-MM-DD". */
export function nextDay(ymd: string): string {
  return addMinutes(`${ymd}T00:00`, 24 * 60).slice(0, 10);
}

/** The zone's offset from UTC at an instant, in minutes (+540 for Tokyo, +60 or +120 for Brussels). */
export function offsetMinutes(instant: number, tz: string): number {
  return Math.round((asUtc(wallClock(new Date(instant).toISOString(), tz)) - Math.floor(instant / 60000) * 60000) / 60000);
}

/**
 * The instant a wall-clock time in `tz` names. A time that occurs twice (clocks going back)
 * is the first one; a time that does not exist (clocks going forward) is read with the offset
 * before the change, as a clock that was not yet put forward shows it (02:30 → 03:30 summer time).
 */
export function zonedToInstant(wall: string, tz: string): number {
  const u = asUtc(wall);
  const before = offsetMinutes(u - 14 * 3_600_000, tz);
  const after = offsetMinutes(u + 14 * 3_600_000, tz);
  const valid = [before, after].map((o) => u - o * 60_000).filter((t) => wallClock(new Date(t).toISOString(), tz) === wall);
  if (valid.length > 0) return Math.min(...valid);
  return u - before * 60_000;
}

/** "+09:00", "-05:00", "+00:00". */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** "2026-03-09T09:00+09:00": a wall-clock time in `tz` with the offset it has there and then. */
export function withOffset(wall: string, tz: string): string {
  const instant = zonedToInstant(wall, tz);
  return `${wallClock(new Date(instant).toISOString(), tz)}${offsetText(offsetMinutes(instant, tz))}`;
}

/** The same instant's wall clock in another zone ("2026-03-09T09:00" Tokyo → "2026-03-09T01:00" Brussels). */
export function convertWall(wall: string, fromTz: string, toTz: string): string {
  if (fromTz === toTz) return wall;
  return wallClock(new Date(zonedToInstant(wall, fromTz)).toISOString(), toTz);
}
