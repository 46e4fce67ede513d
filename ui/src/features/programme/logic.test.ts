import { describe, expect, it } from "vitest";
import type { Conflict } from "../../lib/bindings";
import { addMinutes, columnChange, conflictsByItem, toCalendarIso, wallClock } from "./logic";

describe("programme editor helpers", () => {
  it("shows instants as the host zone's wall clock, across the October change", () => {
    expect(wallClock("2025-06-27T14:00:00+02:00", "Europe/Brussels")).toBe("2025-06-27T14:00");
    expect(wallClock("2025-06-27T12:00:00Z", "Asia/Taipei")).toBe("2025-06-27T20:00");
    // 26 October 2025: 00:30 UTC is the first 02:30 in Brussels, 01:30 UTC the second.
    expect(wallClock("2025-10-26T00:30:00Z", "Europe/Brussels")).toBe("2025-10-26T02:30");
    expect(wallClock("2025-10-26T01:30:00Z", "Europe/Brussels")).toBe("2025-10-26T02:30");
    expect(wallClock("2025-10-26T03:00:00Z", "Europe/Brussels")).toBe("2025-10-26T04:00");
  });

  it("hands the calendar the host wall clock as floating ISO text", () => {
    expect(toCalendarIso("2025-06-27T12:00:00Z", "Europe/Brussels")).toBe("2025-06-27T14:00:00");
    expect(toCalendarIso("2025-06-27T12:00:00Z", "Asia/Taipei")).toBe("2025-06-27T20:00:00");
  });

  it("adds minutes to a wall-clock time across midnight", () => {
    expect(addMinutes("2025-06-27T23:30", 45)).toBe("2025-06-28T00:15");
    expect(addMinutes("2025-06-27T14:00", -75)).toBe("2025-06-27T12:45");
  });

  it("maps a drop column to the field it changes", () => {
    expect(columnChange("subgroup", "grp_cardiology")).toEqual({ subgroupId: "grp_cardiology" });
    expect(columnChange("subgroup", "whole")).toEqual({ subgroupId: "" });
    expect(columnChange("room", "roo_a")).toEqual({ roomId: "roo_a" });
  });

  it("indexes conflicts by the items they name", () => {
    const c: Conflict = { kind: "travel", items: ["itm_a", "itm_b"], people: ["con_x"], message: "x" };
    const map = conflictsByItem([c]);
    expect(map.get("itm_a")).toEqual([c]);
    expect(map.get("itm_b")).toEqual([c]);
    expect(map.has("itm_c")).toBe(false);
  });
});
