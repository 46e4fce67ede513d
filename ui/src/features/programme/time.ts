// Wall-clock times typed in a named zone, turned into instants and back. The item form types
// times in the site's zone (or the host's) and sends them WITH their offset, so opening and
// saving an item unchanged never moves it, whatever the computer's own zone. Pure: unit-tested.
import { addMinutes, wallClock } from "./logic";

const pad = (n: number) => String(n).padStart(2, "0");

/** "YYYY-MM-DDTHH:MM" read as if it were UTC (plain calendar arithmetic). */
function asUtc(wall: string): number {
  const [d, t] = wall.split("T");
  const [y, m, day] = d.split("-").map(Number);
  const [h, min] = t.split(":").map(Number);
  return Date.UTC(y, m - 1, day, h, min);
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

/** The day after "YYYY-MM-DD". */
export function nextDay(ymd: string): string {
  return addMinutes(`${ymd}T00:00`, 24 * 60).slice(0, 10);
}

export type TypedTimes = { date: string; startTime: string; endTime: string; endsNextDay: boolean; tz: string };

/** What the form sends: start and end with their offsets, or which field is wrong. */
export function instantsOf(times: TypedTimes): { start: string; end: string } | { error: "end" } {
  const endDate = times.endsNextDay ? nextDay(times.date) : times.date;
  if (!times.endsNextDay && times.endTime <= times.startTime) return { error: "end" };
  return {
    start: withOffset(`${times.date}T${times.startTime}`, times.tz),
    end: withOffset(`${endDate}T${times.endTime}`, times.tz),
  };
}

/** The form's fields for an item's instants, typed in `tz`. */
export function typedTimes(startIso: string, endIso: string, tz: string): TypedTimes {
  const start = wallClock(startIso, tz);
  const end = wallClock(endIso, tz);
  return { date: start.slice(0, 10), startTime: start.slice(11), endTime: end.slice(11), endsNextDay: end.slice(0, 10) > start.slice(0, 10), tz };
}

/** The same fields typed in another zone (the instants kept): the form's site changed. */
export function retype(times: TypedTimes, tz: string): TypedTimes {
  if (times.tz === tz) return times;
  const r = instantsOf(times);
  if ("error" in r) {
    // Not yet a valid span: convert start and end separately, same day.
    const start = convertWall(`${times.date}T${times.startTime}`, times.tz, tz);
    const end = convertWall(`${times.date}T${times.endTime}`, times.tz, tz);
    return { date: start.slice(0, 10), startTime: start.slice(11), endTime: end.slice(11), endsNextDay: false, tz };
  }
  return typedTimes(r.start, r.end, tz);
}
