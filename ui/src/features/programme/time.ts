// The item form's times: typed in a named zone (the site's, or the host's) and sent WITH their
// offset, so opening and saving an item unchanged never moves it, whatever the computer's own
// zone. The conversions are lib/zoned's. Pure: unit-tested.
import { convertWall, nextDay, wallClock, withOffset } from "../../lib/zoned";

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
