import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import type { ProgrammeState } from "../../lib/bindings";
import { appInfo, callsOf, fakeBackend } from "../../test/backend";
import { missionDetail, programmeState } from "../../test/fixtures";

const travel = "Delegate 3 — cardiology leaves Hôpital civil Marie Curie at 13:30 (end of Demo) and must be at CHC Mont Légia at 14:00 (Talks): 30 min, travel takes 1 h 15";
// The core's coded conflict (times are instants, shown in `zone`).
const travelParams = {
  people: "Delegate 3 — cardiology",
  count: "1",
  fromSite: "Hôpital civil Marie Curie",
  leave: "2025-06-27T11:30:00Z",
  first: "Demo",
  toSite: "CHC Mont Légia",
  arrive: "2025-06-27T12:00:00Z",
  second: "Talks",
  gap: "30",
  needed: "75",
  zone: "Europe/Brussels",
};

function state(over: Partial<ProgrammeState> = {}): ProgrammeState {
  return programmeState({
    conflicts: [{ kind: "travel", items: [missionDetail.days[0].items[0].id], people: ["con_d3"], code: "conflict.travel", params: travelParams }],
    undo: { undo: "Move an item", redo: null },
    ...over,
  });
}

beforeEach(() => {
  window.location.hash = "#/missions/mis_tsha";
});

describe("programme editor", () => {
  it("shows each conflict's sentence in the panel", async () => {
    const english = () => appInfo({ locale: "en" });
    fakeBackend({ get_app_info: english, get_mission: () => missionDetail, get_programme_state: () => state() });
    render(App);
    const panel = await screen.findByTestId("conflicts-panel");
    expect(await within(panel).findByText(travel)).toBeInTheDocument();
    expect(within(panel).getByTestId("conflict")).toHaveAttribute("data-kind", "travel");
  });

  it("shows a coded conflict in French, times in its zone, lists and durations in French words", async () => {
    try {
      const availability = {
        kind: "availability" as const,
        items: [missionDetail.days[0].items[0].id],
        people: ["con_a", "con_b", "con_c"],
        code: "conflict.availableOnly",
        params: {
          people: "Chen Mei-ling\nDelegate 3\nLin Wei",
          count: "3",
          from: "2025-06-27T12:00:00Z",
          to: "2025-06-27T13:00:00Z",
          title: "Photo de groupe",
          start: "2025-06-27T13:00:00Z",
          end: "2025-06-27T13:15:00Z",
          zone: "Europe/Brussels",
        },
      };
      const conflicts = [state().conflicts[0], availability];
      fakeBackend({ get_mission: () => missionDetail, get_programme_state: () => state({ conflicts }) });
      render(App);
      const panel = await screen.findByTestId("conflicts-panel");
      expect(
        await within(panel).findByText(
          "Chen Mei-ling, Delegate 3 et Lin Wei ne sont disponibles que de 14:00 à 15:00, mais « Photo de groupe » a lieu de 15:00 à 15:15",
        ),
      ).toBeInTheDocument();
      expect(
        within(panel).getByText(
          "Delegate 3 — cardiology quitte Hôpital civil Marie Curie à 13:30 (fin de « Demo ») et doit être à CHC Mont Légia à 14:00 (« Talks ») : 30 min pour un trajet de 1 h 15",
        ),
      ).toBeInTheDocument();
    } finally {
      applyLocale("en");
    }
  });

  it("names what undo and redo would do in the planner's language; a label from an older file as it is", async () => {
    fakeBackend({
      get_mission: () => missionDetail,
      get_programme_state: () => state({ undo: { undo: "action.moveItem", redo: "Add an item" } }),
      undo_programme: () => "action.moveItem",
    });
    render(App);
    await vi.waitFor(() => expect(screen.getByTestId("undo")).toHaveAttribute("title", "Défaire\u00a0: Déplacer un élément (Ctrl+Z)"));
    expect(screen.getByTestId("redo")).toHaveAttribute("title", "Rétablir\u00a0: Add an item (Ctrl+Maj+Z)");
    await fireEvent.click(screen.getByTestId("undo"));
    expect(await screen.findByText("Défait : Déplacer un élément")).toBeInTheDocument();
  });

  it("undoes with Ctrl+Z and redoes with Ctrl+Shift+Z, for this mission", async () => {
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      get_mission: () => missionDetail,
      get_programme_state: () => state({ undo: { undo: "Move an item", redo: "Add an item" } }),
      undo_programme: () => "Move an item",
      redo_programme: () => "Add an item",
    });
    render(App);
    await screen.findByTestId("conflicts-panel");
    await screen.findByText(travel);
    await fireEvent.keyDown(window, { key: "z", ctrlKey: true });
    await fireEvent.keyDown(window, { key: "Z", ctrlKey: true, shiftKey: true });
    await screen.findByText(/Add an item/);
    expect(callsOf(calls, "undo_programme")[0].args).toEqual({ input: { missionId: missionDetail.mission.id } });
    expect(callsOf(calls, "redo_programme")).toHaveLength(1);
  });

  it("moves an item from the list view, keeping its length, in host wall-clock time with its offset", async () => {
    const calls = fakeBackend({
      get_mission: () => missionDetail,
      get_programme_state: () => state(),
      move_agenda_item: () => null,
    });
    render(App);
    await fireEvent.click(await screen.findByTestId("view-list"));
    const row = (await screen.findAllByTestId("list-row"))[0];
    const item = missionDetail.days[0].items[0];
    const start = within(row).getByTestId("row-start") as HTMLInputElement;
    await fireEvent.change(start, { target: { value: "17:00" } });
    const args = callsOf(calls, "move_agenda_item")[0].args as { input: { id: string; start: string; end: string } };
    expect(args.input.id).toBe(item.id);
    expect(args.input.start).toBe(`${missionDetail.days[0].date}T17:00+02:00`);
    const minutes = (Date.parse(item.end) - Date.parse(item.start)) / 60000;
    expect((Date.parse(args.input.end) - Date.parse(args.input.start)) / 60000).toBe(minutes);
  });

  it("shows a validation error beside the field it names", async () => {
    fakeBackend({
      get_mission: () => missionDetail,
      get_programme_state: () => state(),
      save_agenda_item: () => {
        throw { kind: "validation", message: "end: ends before it starts", field: "end" };
      },
    });
    render(App);
    await fireEvent.click(await screen.findByTestId("new-item"));
    await fireEvent.input(screen.getByTestId("item-title"), { target: { value: "Demo" } });
    await fireEvent.click(screen.getByTestId("item-save"));
    expect(await screen.findByTestId("field-error-end")).toHaveTextContent("ends before it starts");
  });
  it("invites departments of the mission's organisations, grouped by organisation, saved with the item", async () => {
    const calls = fakeBackend({
      get_mission: () => missionDetail,
      get_programme_state: () => state(),
      list_mission_departments: () => [
        { id: "dep_legia", name: "Transformation numérique", organisationId: "org_legia", organisationName: "CHC Mont Légia" },
        { id: "dep_cardio", name: "Cardiologie", organisationId: "org_chu", organisationName: "CHU de Charleroi-Chimay" },
        { id: "dep_imaging", name: "Imagerie médicale", organisationId: "org_chu", organisationName: "CHU de Charleroi-Chimay" },
      ],
      save_agenda_item: () => "itm_presentations",
    });
    render(App);
    await fireEvent.click(await screen.findByTestId("view-list"));
    const row = (await screen.findAllByTestId("list-row")).find((r) => r.dataset.id === "itm_presentations")!;
    await fireEvent.click(within(row).getByRole("button", { name: "Taiwanese medical AI presentations" }));
    const box = await screen.findByTestId("item-departments");
    const chu = await within(box).findByRole("group", { name: "CHU de Charleroi-Chimay" });
    expect(within(box).getByRole("group", { name: "CHC Mont Légia" })).toBeInTheDocument();
    // The item already invites Cardiologie; add Imagerie médicale, then save.
    expect(within(chu).getByLabelText("Cardiologie")).toBeChecked();
    expect(within(chu).getByLabelText("Imagerie médicale")).not.toBeChecked();
    await fireEvent.click(within(chu).getByLabelText("Imagerie médicale"));
    await fireEvent.click(screen.getByTestId("item-save"));
    const args = callsOf(calls, "save_agenda_item")[0].args as { input: { id: string; departments: string[] } };
    expect(args.input.id).toBe("itm_presentations");
    expect(args.input.departments).toEqual(["dep_cardio", "dep_imaging"]);
    expect(callsOf(calls, "list_mission_departments")[0].args).toEqual({ input: { missionId: missionDetail.mission.id } });
  });
  it("duplicates an item into a new draft with its fields, saved as a new tentative item; the item itself unchanged", async () => {
    try {
      const calls = fakeBackend({
        get_mission: () => missionDetail,
        get_programme_state: () => state(),
        save_agenda_item: () => "itm_copy",
      });
      render(App);
      await fireEvent.click(await screen.findByTestId("view-list"));
      const row = (await screen.findAllByTestId("list-row")).find((r) => r.dataset.id === "itm_presentations")!;
      await fireEvent.click(within(row).getByRole("button", { name: "Taiwanese medical AI presentations" }));
      await fireEvent.click(await screen.findByTestId("item-duplicate"));
      expect(screen.getByTestId("item-form-title")).toHaveTextContent("Copie de « Taiwanese medical AI presentations »");
      expect(screen.getByTestId("item-title")).toHaveValue("Taiwanese medical AI presentations");
      // A new draft: no delete, split or duplicate until it is saved.
      expect(screen.queryByTestId("item-delete")).toBeNull();
      expect(screen.queryByTestId("item-duplicate")).toBeNull();
      await fireEvent.input(screen.getByTestId("item-title"), { target: { value: "Taiwanese medical AI presentations (2)" } });
      await fireEvent.click(screen.getByTestId("item-save"));
      const input = (callsOf(calls, "save_agenda_item")[0].args as { input: Record<string, unknown> }).input;
      const original = missionDetail.days.flatMap((d) => d.items).find((i) => i.id === "itm_presentations")!;
      expect(input.id).toBeUndefined();
      expect(input.title).toBe("Taiwanese medical AI presentations (2)");
      expect(input.status).toBe("tentative");
      expect(input.kind).toBe(original.kind);
      expect(input.siteId ?? null).toBe(original.site?.id ?? null);
      expect(input.participants).toEqual(original.participants.map((p) => p.id));
    } finally {
      applyLocale("en");
    }
  });
});
