import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertWall, offsetMinutes, withOffset, zonedToInstant } from "../../lib/zoned";
import { instantsOf, retype, typedTimes } from "./time";

const ORIGINAL_TZ = process.env.TZ;

for (const computer of ["Europe/Brussels", "America/New_York", "Asia/Taipei"]) {
  describe(`item times, computer in ${computer}`, () => {
    beforeAll(() => {
      process.env.TZ = computer;
    });
    afterAll(() => {
      process.env.TZ = ORIGINAL_TZ;
    });

    it("reads a wall-clock time in a named zone, with its offset", () => {
      expect(withOffset("2026-03-09T09:00", "Asia/Tokyo")).toBe("2026-03-09T09:00+09:00");
      expect(withOffset("2026-03-09T09:00", "Europe/Brussels")).toBe("2026-03-09T09:00+01:00");
      expect(withOffset("2026-06-26T18:00", "Europe/Brussels")).toBe("2026-06-26T18:00+02:00");
      expect(offsetMinutes(Date.parse("2026-01-01T00:00Z"), "America/New_York")).toBe(-300);
      expect(convertWall("2026-03-09T09:00", "Asia/Tokyo", "Europe/Brussels")).toBe("2026-03-09T01:00");
      expect(convertWall("2026-03-09T01:00", "Asia/Tokyo", "Europe/Brussels")).toBe("2026-03-08T17:00");
    });

    it("opens and saves a Tokyo item of a Brussels mission unchanged, twice: the instants do not move", () => {
      // As the backend sends it: RFC 3339 with the host zone's offset.
      let start = "2026-03-09T01:00:00+01:00";
      let end = "2026-03-09T02:30:00+01:00";
      for (let i = 0; i < 2; i++) {
        const typed = typedTimes(start, end, "Asia/Tokyo");
        expect(typed).toEqual({ date: "2026-03-09", startTime: "09:00", endTime: "10:30", endsNextDay: false, tz: "Asia/Tokyo" });
        const sent = instantsOf(typed);
        expect(sent).toEqual({ start: "2026-03-09T09:00+09:00", end: "2026-03-09T10:30+09:00" });
        if ("error" in sent) throw new Error("unexpected");
        expect(Date.parse(sent.start)).toBe(Date.parse(start));
        expect(Date.parse(sent.end)).toBe(Date.parse(end));
        start = sent.start;
        end = sent.end;
      }
    });

    it("keeps the instants when the site's zone changes in the form", () => {
      const host = typedTimes("2026-03-09T01:00:00+01:00", "2026-03-09T02:00:00+01:00", "Europe/Brussels");
      const tokyo = retype(host, "Asia/Tokyo");
      expect(tokyo).toMatchObject({ date: "2026-03-09", startTime: "09:00", endTime: "10:00" });
      expect(instantsOf(tokyo)).toEqual({ start: "2026-03-09T09:00+09:00", end: "2026-03-09T10:00+09:00" });
    });

    it("round-trips across Brussels' daylight-saving days", () => {
      // 29 March 2026: 02:00 → 03:00; 25 October 2026: 03:00 → 02:00.
      for (const [start, end] of [
        ["2026-03-29T01:30:00+01:00", "2026-03-29T04:00:00+02:00"],
        ["2026-10-25T01:30:00+02:00", "2026-10-25T04:00:00+01:00"],
        ["2026-10-25T02:30:00+02:00", "2026-10-25T02:45:00+02:00"],
      ]) {
        const sent = instantsOf(typedTimes(start, end, "Europe/Brussels"));
        if ("error" in sent) throw new Error("unexpected");
        expect(Date.parse(sent.start)).toBe(Date.parse(start));
        expect(Date.parse(sent.end)).toBe(Date.parse(end));
      }
      expect(withOffset("2026-03-29T03:00", "Europe/Brussels")).toBe("2026-03-29T03:00+02:00");
      // A time the clocks skip is read as a clock not yet put forward shows it.
      expect(withOffset("2026-03-29T02:30", "Europe/Brussels")).toBe("2026-03-29T03:30+02:00");
      // A time that occurs twice is the first one.
      expect(zonedToInstant("2026-10-25T02:30", "Europe/Brussels")).toBe(Date.parse("2026-10-25T02:30+02:00"));
    });

    it("refuses an end before the start unless the item ends the next day", () => {
      const times = { date: "2026-03-09", startTime: "11:00", endTime: "10:00", endsNextDay: false, tz: "Europe/Brussels" };
      expect(instantsOf(times)).toEqual({ error: "end" });
      expect(instantsOf({ ...times, endTime: "11:00" })).toEqual({ error: "end" });
      expect(instantsOf({ ...times, endsNextDay: true })).toEqual({ start: "2026-03-09T11:00+01:00", end: "2026-03-10T10:00+01:00" });
      const overnight = typedTimes("2026-03-09T22:00:00+01:00", "2026-03-10T01:00:00+01:00", "Europe/Brussels");
      expect(overnight).toMatchObject({ startTime: "22:00", endTime: "01:00", endsNextDay: true });
    });
  });
}
