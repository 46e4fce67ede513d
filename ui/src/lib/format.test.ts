import { describe, expect, it } from "vitest";
import { zonedDate } from "./zoned";
import {
  addMonths,
  countryName,
  dateOrder,
  firstDayOfWeek,
  formatClock,
  formatDateTime,
  formatInstant,
  formatNumericDate,
  formatShortDate,
  parseTypedDate,
  parseTypedTime,
  dayDiff,
  fold,
  joinList,
  formatDateRange,
  formatLongDate,
  formatTime,
  formatWallClock,
  offsetLabel,
  zoneCity,
} from "./format";

// Intl puts thin and no-break spaces around range dashes; compare with plain spaces.
const norm = (s: string) => s.replace(/\s/g, " ");

describe("dates", () => {
  it("formats a mission's span in each locale", () => {
    expect(norm(formatDateRange("fr-BE", "2025-06-26", "2025-06-27"))).toBe("jeu. 26 – ven. 27 juin 2025");
    expect(norm(formatDateRange("en-GB", "2025-06-26", "2025-06-27"))).toBe("Thu, 26 June – Fri, 27 June 2025");
    expect(formatDateRange("zh-TW", "2025-06-26", "2025-06-27")).toBe("2025年6月26日週四 – 6月27日週五");
    expect(norm(formatDateRange("fr-BE", "2026-03-10", "2026-03-10"))).toBe("mar. 10 mars 2026");
  });

  it("never shifts a calendar date, whatever the zone", () => {
    expect(formatLongDate("fr-BE", "2025-06-26")).toBe("jeudi 26 juin 2025");
    expect(norm(formatLongDate("en-GB", "2025-06-27"))).toBe("Friday, 27 June 2025");
  });

  it("converts instants between zones", () => {
    const instant = new Date("2025-06-26T18:00:00+02:00");
    expect(formatTime("fr-BE", instant, "Europe/Brussels")).toBe("18:00");
    expect(formatTime("en-GB", instant, "Asia/Taipei")).toBe("00:00");
    expect(zonedDate(instant, "Asia/Taipei")).toBe("2025-06-27");
    expect(zonedDate(instant, "Europe/Brussels")).toBe("2025-06-26");
    expect(dayDiff("2025-06-26", "2025-06-27")).toBe(1);
    expect(offsetLabel(1)).toBe("+1");
    expect(offsetLabel(-1)).toBe("\u22121");
    expect(offsetLabel(0)).toBe("");
  });

  it("reads the wall-clock time written in a stamp", () => {
    expect(norm(formatWallClock("en-GB", "2025-06-26T18:00:00+02:00"))).toBe("26 Jun 2025, 18:00");
  });
});

describe("names", () => {
  it("names zones, countries and folds text for filtering", () => {
    expect(zoneCity("Asia/Taipei")).toBe("Taipei");
    expect(zoneCity("America/Argentina/Buenos_Aires")).toBe("Buenos Aires");
    expect(countryName("fr-BE", "TW")).toBe("Taïwan");
    expect(countryName("zh-TW", "BE")).toBe("比利時");
    expect(countryName("zh-TW", "tw")).toBe("臺灣");
    expect(fold("Liège CHC Mont Légia")).toBe("liege chc mont legia");
  });

  it("lists labels with the language's own separator", () => {
    expect(joinList("fr-BE", ["anglais", "chinois (traditionnel)"])).toBe("anglais, chinois (traditionnel)");
    expect(joinList("zh-TW", ["英文", "繁體中文"])).toBe("英文、繁體中文");
  });
});

describe("dates and times in the planner's language", () => {
  it("writes numeric dates in the locale's order", () => {
    expect(formatNumericDate("fr-BE", "2025-06-26")).toBe("26/06/2025");
    expect(formatNumericDate("en-GB", "2025-06-26")).toBe("26/06/2025");
    expect(formatNumericDate("zh-TW", "2025-06-26")).toBe("2025/06/26");
    expect(formatNumericDate("fr-BE", "2025-07-01")).toBe("01/07/2025");
    expect(dateOrder("fr-BE")).toEqual(["day", "month", "year"]);
    expect(dateOrder("zh-TW")).toEqual(["year", "month", "day"]);
  });

  it("writes short dates with month names, never in US order", () => {
    expect(formatShortDate("fr-BE", "2026-12-03")).toBe("3 déc. 2026");
    expect(formatShortDate("en-GB", "2027-01-15")).toBe("15 Jan 2027");
    expect(formatShortDate("zh-TW", "2025-06-26")).toBe("2025年6月26日");
  });

  it("shows a mission's instants in its host zone, on the 24-hour clock, whatever the computer's zone", () => {
    // 12:30 UTC is 14:30 in Brussels in June: the requests tab must say 14:30.
    const at = "2025-06-26T12:30:00Z";
    expect(norm(formatInstant("fr-BE", at, "Europe/Brussels"))).toBe("jeu. 26 juin 2025, 14:30");
    expect(norm(formatInstant("en-GB", at, "Europe/Brussels"))).toBe("Thu, 26 Jun 2025, 14:30");
    expect(formatInstant("zh-TW", at, "Europe/Brussels")).toContain("14:30");
    expect(formatInstant("zh-TW", at, "Europe/Brussels")).toContain("2025年6月26日");
    expect(formatInstant("zh-TW", "2025-06-26T20:30:00+02:00", "Asia/Taipei")).toContain("2025年6月27日");
    expect(formatInstant("zh-TW", "2025-06-26T20:30:00+02:00", "Asia/Taipei")).toContain("02:30");
    // Afternoon in zh-TW is not "下午2:30".
    expect(formatInstant("zh-TW", at, "Europe/Brussels")).not.toContain("下午");
    expect(formatClock("fr-BE", "2025-06-26T19:06:46Z", "Europe/Brussels")).toBe("21:06:46");
    expect(formatClock("en-GB", "2025-06-26T19:06:46Z", "Europe/Brussels")).toBe("21:06:46");
    expect(formatClock("zh-TW", "2025-06-26T19:06:46Z", "Europe/Brussels")).toBe("21:06:46");
    expect(formatDateTime("zh-TW", "2025-06-26T19:06:46Z")).not.toMatch(/上午|下午/);
  });

  it("reads a typed date strictly, in the locale's order or as ISO", () => {
    expect(parseTypedDate("fr-BE", "26/06/2025")).toEqual({ ok: true, value: "2025-06-26" });
    expect(parseTypedDate("fr-BE", "1.7.2025")).toEqual({ ok: true, value: "2025-07-01" });
    expect(parseTypedDate("en-GB", "26-06-2025")).toEqual({ ok: true, value: "2025-06-26" });
    expect(parseTypedDate("zh-TW", "2025/06/26")).toEqual({ ok: true, value: "2025-06-26" });
    expect(parseTypedDate("fr-BE", "2025-06-26")).toEqual({ ok: true, value: "2025-06-26" });
    expect(parseTypedDate("fr-BE", "")).toEqual({ ok: true, value: "" });
    // The wrong order for the locale, or a day that does not exist.
    expect(parseTypedDate("fr-BE", "2025-26-06")).toEqual({ ok: false, error: "month" });
    expect(parseTypedDate("fr-BE", "06/26/2025")).toEqual({ ok: false, error: "month" });
    expect(parseTypedDate("fr-BE", "31/02/2025")).toEqual({ ok: false, error: "day" });
    expect(parseTypedDate("fr-BE", "29/02/2024")).toEqual({ ok: true, value: "2024-02-29" });
    expect(parseTypedDate("zh-TW", "26/06/2025")).toEqual({ ok: false, error: "format" });
    expect(parseTypedDate("fr-BE", "26/06/25")).toEqual({ ok: false, error: "format" });
    expect(parseTypedDate("fr-BE", "demain")).toEqual({ ok: false, error: "format" });
  });

  it("reads a typed time on the 24-hour clock", () => {
    expect(parseTypedTime("14:30")).toEqual({ ok: true, value: "14:30" });
    expect(parseTypedTime("14h30")).toEqual({ ok: true, value: "14:30" });
    expect(parseTypedTime("9:05")).toEqual({ ok: true, value: "09:05" });
    expect(parseTypedTime("1430")).toEqual({ ok: true, value: "14:30" });
    expect(parseTypedTime("9")).toEqual({ ok: true, value: "09:00" });
    expect(parseTypedTime("24:00")).toEqual({ ok: false });
    expect(parseTypedTime("2:30 PM")).toEqual({ ok: false });
  });

  it("knows the calendar of each locale", () => {
    expect(firstDayOfWeek("fr-BE")).toBe(1);
    expect(firstDayOfWeek("zh-TW")).toBe(7);
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2025-01-15", -1)).toBe("2024-12-15");
  });
});
