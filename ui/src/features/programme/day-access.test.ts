import { describe, expect, it } from "vitest";
import type { AgendaItem } from "../../lib/bindings";
import { keyMove, plainGrid, planKeyMove, STEP_MINUTES } from "./day-access";

const key = (k: string, mods: Partial<Record<"altKey" | "shiftKey" | "ctrlKey" | "metaKey", boolean>> = {}) => ({
  key: k,
  altKey: false,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

const photo = (over: Partial<AgendaItem> = {}): AgendaItem => ({
  id: "itm_photo",
  missionId: "mis_x",
  kind: "reception",
  title: "Group photo",
  description: null,
  titles: {},
  descriptions: {},
  start: "2025-06-27T15:00:00+02:00",
  end: "2025-06-27T15:15:00+02:00",
  tz: "Europe/Brussels",
  site: { id: "sit_legia", name: "CHC Mont Légia" },
  room: null,
  subgroup: null,
  status: "tentative",
  locked: false,
  participants: [],
  technologies: [],
  departments: [],
  vehicle: null,
  fromSite: null,
  ...over,
});

const COLS = [
  { id: "whole", title: "Whole delegation" },
  { id: "grp_cardio", title: "Cardiology" },
];

describe("the day view's keyboard moves", () => {
  it("reads Alt+arrows as moves by the drag's step, Alt+Shift as the end, anything else as nothing", () => {
    expect(keyMove(key("ArrowDown", { altKey: true }))).toEqual({ start: STEP_MINUTES, end: STEP_MINUTES, column: 0 });
    expect(keyMove(key("ArrowUp", { altKey: true }))).toEqual({ start: -STEP_MINUTES, end: -STEP_MINUTES, column: 0 });
    expect(keyMove(key("ArrowDown", { altKey: true, shiftKey: true }))).toEqual({ start: 0, end: STEP_MINUTES, column: 0 });
    expect(keyMove(key("ArrowUp", { altKey: true, shiftKey: true }))).toEqual({ start: 0, end: -STEP_MINUTES, column: 0 });
    expect(keyMove(key("ArrowRight", { altKey: true }))).toEqual({ start: 0, end: 0, column: 1 });
    expect(keyMove(key("ArrowLeft", { altKey: true }))).toEqual({ start: 0, end: 0, column: -1 });
    expect(keyMove(key("ArrowDown"))).toBeNull(); // a plain arrow scrolls
    expect(keyMove(key("ArrowDown", { altKey: true, ctrlKey: true }))).toBeNull();
    expect(keyMove(key("ArrowLeft", { altKey: true, shiftKey: true }))).toBeNull();
    expect(keyMove(key("Enter", { altKey: true }))).toBeNull();
  });

  it("plans the move in the host zone's wall clock, and across columns", () => {
    const down = keyMove(key("ArrowDown", { altKey: true }))!;
    expect(planKeyMove(photo(), down, "Europe/Brussels", COLS, "subgroup")).toEqual({
      start: "2025-06-27T15:15",
      end: "2025-06-27T15:30",
      column: null,
    });
    const right = keyMove(key("ArrowRight", { altKey: true }))!;
    expect(planKeyMove(photo(), right, "Europe/Brussels", COLS, "subgroup")).toEqual({
      start: "2025-06-27T15:00",
      end: "2025-06-27T15:15",
      column: COLS[1],
    });
  });

  it("refuses what a drag could not do: a locked or cancelled item, no column further, an end at the start", () => {
    const down = keyMove(key("ArrowDown", { altKey: true }))!;
    expect(planKeyMove(photo({ locked: true }), down, "Europe/Brussels", COLS, "subgroup")).toEqual({ refused: "fixed" });
    expect(planKeyMove(photo({ status: "cancelled" }), down, "Europe/Brussels", COLS, "subgroup")).toEqual({ refused: "fixed" });
    const left = keyMove(key("ArrowLeft", { altKey: true }))!;
    expect(planKeyMove(photo(), left, "Europe/Brussels", COLS, "subgroup")).toEqual({ refused: "edge" });
    const shorter = keyMove(key("ArrowUp", { altKey: true, shiftKey: true }))!;
    expect(planKeyMove(photo(), shorter, "Europe/Brussels", COLS, "subgroup")).toEqual({ refused: "tooShort" });
  });
});

describe("the day grid for screen readers", () => {
  it("turns the calendar's table into a named group of buttons", () => {
    const root = document.createElement("div");
    root.innerHTML = `<div class="ec" role="table"><div role="row"><div role="columnheader" aria-colindex="1">Whole</div></div>
      <div class="ec-body" role="rowgroup"><div role="row"><div role="cell"></div></div>
      <div class="ec-events"><article role="button" tabindex="0">Group photo</article></div></div></div>`;
    plainGrid(root, "Day view, Fri 27 June");
    const grid = root.querySelector(".ec")!;
    expect(grid.getAttribute("role")).toBe("group");
    expect(grid.getAttribute("aria-label")).toBe("Day view, Fri 27 June");
    expect(root.querySelectorAll('[role="row"], [role="rowgroup"], [role="cell"], [role="columnheader"], [aria-colindex]')).toHaveLength(0);
    expect(root.querySelector("article")!.getAttribute("role")).toBe("button");
  });
});
