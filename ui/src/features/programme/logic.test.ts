import { describe, expect, it } from "vitest";
import type { AgendaItem, Conflict, MissionDetail } from "../../lib/bindings";
import { missionDetail } from "../../test/fixtures";
import { addMinutes, wallClock } from "../../lib/zoned";
import { columnChange, columns, conflictsByItem, firstItemTime, sessionsOf, textFit, toCalendarIso } from "./logic";

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

  it("fits an item's text to its block: one line up to half an hour, then lines for the title under the time", () => {
    const at = (start: string, end: string) => textFit({ start, end } as AgendaItem, "Europe/Brussels");
    expect(at("2025-06-27T08:00:00Z", "2025-06-27T08:15:00Z")).toEqual({ inline: true, titleLines: 1 });
    expect(at("2025-06-27T08:00:00Z", "2025-06-27T08:30:00Z")).toEqual({ inline: true, titleLines: 1 });
    expect(at("2025-06-27T08:00:00Z", "2025-06-27T08:45:00Z")).toEqual({ inline: false, titleLines: 1 });
    expect(at("2025-06-27T08:00:00Z", "2025-06-27T09:00:00Z")).toEqual({ inline: false, titleLines: 2 });
    expect(at("2025-06-27T10:30:00Z", "2025-06-27T11:45:00Z")).toEqual({ inline: false, titleLines: 3 });
    // The grid draws the wall clock: 00:30-01:30 UTC on 26 October 2025 is 02:30-02:30 in
    // Brussels (the hour repeats), a block of no height, as the grid draws it.
    expect(at("2025-10-26T00:30:00Z", "2025-10-26T01:30:00Z")).toEqual({ inline: true, titleLines: 1 });
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
    const c: Conflict = { kind: "travel", items: ["itm_a", "itm_b"], people: ["con_x"], code: "conflict.travel", params: {} };
    const map = conflictsByItem([c]);
    expect(map.get("itm_a")).toEqual([c]);
    expect(map.get("itm_b")).toEqual([c]);
    expect(map.has("itm_c")).toBe(false);
  });
});

describe("day view opening and columns", () => {
  const at = (start: string) => ({ start, end: start }) as AgendaItem;

  it("opens the day half an hour before its first item, in host time", () => {
    const items = [at("2025-06-27T12:15:00+02:00"), at("2025-06-27T09:40:00+02:00"), at("2025-06-26T06:00:00+02:00")];
    expect(firstItemTime(items, "2025-06-27", "Europe/Brussels")).toBe("09:00:00");
    expect(firstItemTime(items, "2025-06-26", "Europe/Brussels")).toBe("05:30:00");
    expect(firstItemTime(items, "2025-06-28", "Europe/Brussels")).toBe("08:00:00");
    expect(firstItemTime([at("2025-06-27T00:10:00+02:00")], "2025-06-27", "Europe/Brussels")).toBe("00:00:00");
  });

  it("orders sub-group columns naturally", () => {
    const detail = {
      ...missionDetail,
      subgroups: [
        { id: "g10", name: "Groupe 10" },
        { id: "g2", name: "Groupe 2" },
        { id: "ga", name: "groupe 1" },
      ],
    } as MissionDetail;
    expect(columns(detail, "subgroup", "Tous", "—", "fr-BE").map((c) => c.title)).toEqual(["Tous", "groupe 1", "Groupe 2", "Groupe 10"]);
  });
});

describe("meetings inside a sub-group's session", () => {
  const at = (id: string, start: string, end: string, over: Partial<AgendaItem> = {}): AgendaItem => ({
    id,
    missionId: "mis_x",
    kind: "meeting",
    title: id,
    description: null,
    titles: {},
    descriptions: {},
    start: `2025-06-27T${start}:00+02:00`,
    end: `2025-06-27T${end}:00+02:00`,
    tz: "Europe/Brussels",
    site: { id: "sit_legia", name: "CHC Mont Légia" },
    room: { id: "roo_a", name: "Room A" },
    subgroup: { id: "grp_cardio", name: "Cardiology" },
    status: "confirmed",
    locked: false,
    participants: [],
    technologies: [],
    departments: [],
    vehicle: null,
    fromSite: null,
    ...over,
  });

  it("puts the scheduler's meetings inside the session that holds them, by start", () => {
    const session = at("itm_talks", "14:00", "15:00");
    const late = at("itm_m2", "14:30", "15:00", { status: "proposed" });
    const early = at("itm_m1", "14:00", "14:30", { status: "proposed", room: null });
    const map = sessionsOf([late, session, early]);
    expect([...map.keys()]).toEqual(["itm_talks"]);
    expect(map.get("itm_talks")!.map((m) => m.id)).toEqual(["itm_m1", "itm_m2"]);
  });

  it("leaves alone what is not inside: another sub-group, another room, the same span, a locked or cancelled session, overlap", () => {
    const session = at("itm_talks", "14:00", "15:00");
    expect(sessionsOf([session, at("itm_other_group", "14:00", "14:30", { subgroup: { id: "grp_onco", name: "Oncology" } })]).size).toBe(0);
    expect(sessionsOf([session, at("itm_room_b", "14:00", "14:30", { room: { id: "roo_b", name: "Room B" } })]).size).toBe(0);
    expect(sessionsOf([session, at("itm_same", "14:00", "15:00")]).size).toBe(0);
    expect(sessionsOf([session, at("itm_over", "14:30", "15:30")]).size).toBe(0);
    expect(sessionsOf([{ ...session, locked: true }, at("itm_m", "14:00", "14:30", { locked: true })]).size).toBe(0);
    expect(sessionsOf([{ ...session, status: "cancelled" }, at("itm_m", "14:00", "14:30", { locked: true })]).size).toBe(0);
    expect(sessionsOf([{ ...session, kind: "visit" }, at("itm_m", "14:00", "14:30", { locked: true })]).size).toBe(0);
  });

  it("gives a meeting inside two sessions to the longer one, never to a session itself inside", () => {
    const day = at("itm_afternoon", "13:00", "17:00");
    const talks = at("itm_talks", "14:00", "15:00");
    const meeting = at("itm_m", "14:00", "14:30");
    const map = sessionsOf([talks, meeting, day]);
    expect([...map.keys()]).toEqual(["itm_afternoon"]);
    expect(map.get("itm_afternoon")!.map((m) => m.id).sort()).toEqual(["itm_m", "itm_talks"]);
  });
});
