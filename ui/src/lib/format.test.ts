import { describe, expect, it } from "vitest";
import {
  countryName,
  dayDiff,
  fold,
  formatDateRange,
  formatLongDate,
  formatTime,
  formatWallClock,
  offsetLabel,
  zoneCity,
  zonedDate,
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
    expect(fold("Liège CHC Mont Légia")).toBe("liege chc mont legia");
  });
});
