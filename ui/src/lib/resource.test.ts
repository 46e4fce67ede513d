// After a commit the window refetches, and what did not change keeps its identity (so the page
// redraws only what changed), and the refetches of one change show together (one repaint).
import { render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import App from "../App.svelte";
import type { MissionDetail, ProgrammeState } from "./bindings";
import { keepSame } from "./resource.svelte";
import { emitStoreChanged, fakeBackend } from "../test/backend";
import { missionDetail, programmeState } from "../test/fixtures";

describe("keepSame", () => {
  it("gives back the previous value when nothing changed", () => {
    const prev = { a: [{ id: "x", n: 1 }], b: "t" };
    expect(keepSame(prev, structuredClone(prev))).toBe(prev);
  });

  it("keeps each unchanged record, paired by id even when moved", () => {
    const prev = { items: [{ id: "a", at: 1 }, { id: "b", at: 2 }, { id: "c", at: 3 }], title: "T" };
    const next = { items: [{ id: "b", at: 2 }, { id: "a", at: 4 }, { id: "c", at: 3 }], title: "T" };
    const kept = keepSame(prev, next);
    expect(kept).toEqual(next);
    expect(kept).not.toBe(prev);
    expect(kept.items[0]).toBe(prev.items[1]);
    expect(kept.items[1]).not.toBe(prev.items[0]);
    expect(kept.items[2]).toBe(prev.items[2]);
  });

  it("takes the new value where a field appeared, went or changed type", () => {
    expect(keepSame({ a: 1 }, { a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    expect(keepSame({ a: 1, b: 2 }, { a: 1 })).toEqual({ a: 1 });
    expect(keepSame({ a: [1] }, { a: { 0: 1 } })).toEqual({ a: { 0: 1 } });
    expect(keepSame(null, { a: 1 })).toEqual({ a: 1 });
  });
});

const programme = programmeState();

describe("a refetch on the mission page", () => {
  beforeEach(() => {
    window.location.hash = "#/missions/mis_tsha";
  });

  it("redraws the changed item only, and shows the mission and its conflicts together", async () => {
    let detail: MissionDetail = structuredClone(missionDetail);
    let answerProgramme: (() => void) | null = null;
    let state: ProgrammeState = programme;
    fakeBackend({
      get_mission: () => structuredClone(detail),
      get_programme_state: () =>
        answerProgramme === null && state !== programme
          ? new Promise((r) => (answerProgramme = () => r(structuredClone(state))))
          : structuredClone(state),
    });
    render(App);
    await screen.findByTestId("conflicts-panel");
    await new Promise((r) => setTimeout(r, 60)); // the first loads settle
    const rowOf = (title: string) => screen.getAllByTestId("agenda-item").find((row) => row.textContent?.includes(title))!;
    const visit = rowOf("Visit of CHC Mont Légia");
    const coffee = rowOf("Coffee");

    // The coffee break is renamed and now overlaps something: the programme answers late.
    detail = structuredClone(missionDetail);
    detail.days[1].items[1].title = "Coffee and tea";
    state = {
      ...programme,
      conflicts: [{ kind: "capacity", code: "conflict.roomFull", params: { room: "Auditorium", count: "30", capacity: "20" }, items: ["itm_break"], people: [] }],
    };
    await emitStoreChanged(["agenda_items"], { agenda_items: ["itm_break"] });
    await vi.waitFor(() => expect(answerProgramme).not.toBeNull());
    await new Promise((r) => setTimeout(r, 30));
    // The mission's answer is in, but waits for the programme's: nothing is drawn yet.
    expect(within(coffee).queryByText(/Coffee and tea/)).toBeNull();
    answerProgramme!();
    await vi.waitFor(() => expect(screen.getAllByTestId("agenda-item").some((row) => row.textContent?.includes("Coffee and tea"))).toBe(true));
    expect(screen.getAllByTestId("conflict")).toHaveLength(1);
    // The unchanged visit is the very same element.
    expect(rowOf("Visit of CHC Mont Légia")).toBe(visit);
  });
});
