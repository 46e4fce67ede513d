// The day view places host wall-clock times the same whatever the computer's zone: the same
// checks run with the process in Taipei, New York and Brussels (Node re-reads TZ when it is set),
// on an ordinary day and on Brussels' two daylight-saving change days.
import { render } from "@testing-library/svelte";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgendaItem } from "../../lib/bindings";
import DayView from "./DayView.svelte";
import { addMinutes } from "../../lib/zoned";
import { deltaMinutes, shifted, toCalendarIso } from "./logic";

const HOST = "Europe/Brussels";
const ORIGINAL_TZ = process.env.TZ;

function item(id: string, title: string, start: string, end: string): AgendaItem {
  return {
    id,
    missionId: "mis_x",
    kind: "meeting",
    title,
    description: null,
    titles: {},
    descriptions: {},
    start,
    end,
    tz: HOST,
    site: null,
    room: null,
    subgroup: null,
    status: "confirmed",
    locked: false,
    participants: [],
    technologies: [],
    departments: [],
    vehicle: null,
    fromSite: null,
  };
}

class FakeResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

/** Renders the day view of `date` and returns each event's shown time text and grid position. */
async function shown(date: string, items: AgendaItem[]) {
  const { container, unmount } = render(DayView, {
    props: {
      date,
      items,
      cols: [{ id: "whole", title: "Whole delegation" }],
      mode: "subgroup",
      hostTz: HOST,
      conflicts: new Map(),
      selectedId: null,
      onmove: () => {},
      oncreate: () => {},
      onselect: () => {},
    },
  });
  const events = [...container.querySelectorAll<HTMLElement>(".ec-event")].map((e) => ({
    time: e.querySelector(".ec-event-time")?.textContent ?? "",
    title: e.querySelector(".ec-event-title")?.textContent ?? "",
    /** Minutes from the grid's first slot, from the calendar's inset (28 px per 30 minutes). */
    at: (Number(/inset-block-start:\s*([\d.]+)px/.exec(e.getAttribute("style") ?? "")?.[1] ?? NaN) / 28) * 30,
  }));
  await new Promise((r) => setTimeout(r, 0)); // let the calendar scroll to 08:00 before it goes
  unmount();
  return events;
}

beforeAll(() => {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= FakeResizeObserver;
});
afterAll(() => {
  process.env.TZ = ORIGINAL_TZ;
});

for (const zone of ["Asia/Taipei", "America/New_York", "Europe/Brussels"]) {
  describe(`day view with the computer in ${zone}`, () => {
    beforeAll(() => {
      process.env.TZ = zone;
    });

    it("really runs in that zone", () => {
      const offset = new Date(Date.UTC(2025, 0, 15, 12)).getTimezoneOffset();
      expect(offset).toBe({ "Asia/Taipei": -480, "America/New_York": 300, "Europe/Brussels": -60 }[zone]);
    });

    it("hands the calendar host wall-clock times, also on the change days", () => {
      expect(toCalendarIso("2025-06-27T12:00:00Z", HOST)).toBe("2025-06-27T14:00:00");
      // 30 March 2025: Brussels jumps from 02:00 to 03:00; 01:30 UTC is 03:30.
      expect(toCalendarIso("2025-03-30T00:30:00Z", HOST)).toBe("2025-03-30T01:30:00");
      expect(toCalendarIso("2025-03-30T01:30:00Z", HOST)).toBe("2025-03-30T03:30:00");
      // 9 March 2025 is New York's change day: 02:30 does not exist there, but does in Brussels.
      expect(toCalendarIso("2025-03-09T01:30:00Z", HOST)).toBe("2025-03-09T02:30:00");
    });

    it("moves by the calendar's delta without going through the computer's clock", () => {
      const it = item("itm_a", "Night shuttle", "2025-03-09T00:45:00Z", "2025-03-09T01:15:00Z"); // 01:45–02:15 Brussels
      expect(shifted(it, HOST, 45, 45)).toEqual({ start: "2025-03-09T02:30", end: "2025-03-09T03:00" });
      expect(addMinutes("2025-03-30T01:30", 60)).toBe("2025-03-30T02:30");
      expect(addMinutes("2025-10-26T23:30", 45)).toBe("2025-10-27T00:15");
      expect(deltaMinutes({ days: 1, seconds: -1800 })).toBe(24 * 60 - 30);
    });

    it("shows an ordinary day's items at their host times", async () => {
      const events = await shown("2025-06-27", [
        item("itm_talks", "Talks", "2025-06-27T12:00:00Z", "2025-06-27T13:00:00Z"),
        item("itm_photo", "Group photo", "2025-06-27T13:00:00Z", "2025-06-27T13:15:00Z"),
      ]);
      expect(events.map((e) => [e.title, e.time, e.at])).toEqual([
        ["Talks", "14:00–15:00", 7 * 60], // the grid starts at 07:00
        ["Group photo", "15:00–15:15", 8 * 60],
      ]);
    });

    it("shows the spring change day's items at their host times", async () => {
      const events = await shown("2025-03-30", [
        item("itm_early", "Before the change", "2025-03-30T00:30:00Z", "2025-03-30T00:45:00Z"),
        item("itm_late", "After the change", "2025-03-30T01:30:00Z", "2025-03-30T02:00:00Z"),
        item("itm_day", "Morning visit", "2025-03-30T07:00:00Z", "2025-03-30T08:00:00Z"),
      ]);
      // The grid starts at 01:00 for the early item; rows are the host's wall clock.
      expect(events.map((e) => [e.title, e.time, e.at])).toEqual([
        ["Before the change", "01:30–01:45", 30],
        ["After the change", "03:30–04:00", 150],
        ["Morning visit", "09:00–10:00", 8 * 60],
      ]);
    });

    it("shows a host time that the computer's own clock skips (New York, 9 March 02:30)", async () => {
      const events = await shown("2025-03-09", [
        item("itm_ny", "Early call", "2025-03-09T01:30:00Z", "2025-03-09T02:00:00Z"),
      ]);
      expect(events.map((e) => [e.time, e.at])).toEqual([["02:30–03:00", 30]]); // grid from 02:00
    });

    it("shows the autumn change day's repeated hour", async () => {
      const events = await shown("2025-10-26", [
        item("itm_first", "First 02:30", "2025-10-26T00:30:00Z", "2025-10-26T00:45:00Z"),
        item("itm_second", "Second 02:30", "2025-10-26T01:30:00Z", "2025-10-26T01:45:00Z"),
        item("itm_noon", "Lunch", "2025-10-26T11:00:00Z", "2025-10-26T12:00:00Z"),
      ]);
      const byTitle = Object.fromEntries(events.map((e) => [e.title, e]));
      // Both 02:30s sit side by side in the 02:30 row (the grid starts at 02:00).
      expect(byTitle["First 02:30"].time).toBe("02:30–02:45");
      expect(byTitle["Second 02:30"].time).toBe("02:30–02:45");
      expect(byTitle["First 02:30"].at).toBe(30);
      expect(byTitle["Second 02:30"].at).toBe(30);
      expect(byTitle["Lunch"].time).toBe("12:00–13:00");
      expect(byTitle["Lunch"].at).toBe(10 * 60);
    });
  });
}

describe("a meeting the scheduler placed inside a sub-group's session", () => {
  beforeAll(() => {
    process.env.TZ = "Europe/Brussels";
  });

  it("is listed inside the session's block, not as a second block in the room, and selects itself", async () => {
    const inGroup = (it: AgendaItem): AgendaItem => ({
      ...it,
      room: { id: "roo_a", name: "Room A" },
      subgroup: { id: "grp_cardio", name: "Cardiology" },
    });
    const session = inGroup(item("itm_talks", "One-to-one talks — Cardiology", "2025-06-27T12:00:00Z", "2025-06-27T13:00:00Z"));
    const meeting = { ...inGroup(item("itm_meeting", "Dr Lin × CHU de Liège", "2025-06-27T12:30:00Z", "2025-06-27T13:00:00Z")), status: "proposed" as const };
    const selected: string[] = [];
    const { container, unmount } = render(DayView, {
      props: {
        date: "2025-06-27",
        items: [session, meeting],
        cols: [{ id: "roo_a", title: "Room A" }],
        mode: "room",
        hostTz: HOST,
        conflicts: new Map(),
        selectedId: null,
        onmove: () => {},
        oncreate: () => {},
        onselect: (id: string) => selected.push(id),
      },
    });
    const events = [...container.querySelectorAll<HTMLElement>(".ec-event")];
    expect(events.map((e) => e.querySelector(".ec-event-title")?.textContent)).toEqual(["One-to-one talks — Cardiology"]);
    const nested = [...events[0].querySelectorAll<HTMLElement>('[data-testid="nested-item"]')];
    expect(nested.map((n) => [n.dataset.item, n.textContent])).toEqual([["itm_meeting", "14:30–15:00 Dr Lin × CHU de Liège"]]);
    nested[0].click();
    expect(selected).toEqual(["itm_meeting"]);
    await new Promise((r) => setTimeout(r, 0)); // let the calendar scroll before it goes
    unmount();
  });
});
