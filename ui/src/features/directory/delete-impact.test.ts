import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeleteImpact } from "../../lib/bindings";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { callsOf, fakeBackend } from "../../test/backend";
import DepartmentsEditor from "../organisations/DepartmentsEditor.svelte";
import RecordActions from "./RecordActions.svelte";

// CHC Mont Légia's deletion as the core counts it: the hotel stays go with it, its people stay.
const impact: DeleteImpact = {
  links: [
    ["contacts", 5],
    ["stays", 2],
    ["sites", 1],
  ],
  removed: [{ code: "impact.stays", params: { count: "2" } }],
  unlinked: [
    { code: "impact.contacts", params: { count: "5" } },
    { code: "impact.sites", params: { count: "1" } },
  ],
};

describe("deleting a directory record", () => {
  afterEach(() => applyLocale("en"));

  it("says in French what goes with it and what stays, never a table's name, and deletes only when asked", async () => {
    applyLocale("fr");
    const calls = fakeBackend({ get_delete_impact: () => impact, delete_record: () => null });
    render(RecordActions, { kind: "organisation", id: "org_chc_mont_legia", name: "CHC Mont Légia", back: "#/organisations", onedit: () => {} });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("organisation-delete"));
    const box = await screen.findByTestId("organisation-delete-confirm");
    const items = (testid: string) => within(within(box).getByTestId(testid)).getAllByRole("listitem").map((li) => li.textContent);
    expect(within(box).getByTestId("delete-removed")).toHaveTextContent("Sera aussi supprimé :");
    expect(items("delete-removed")).toEqual(["2 séjours à l’hôtel"]);
    expect(within(box).getByTestId("delete-unlinked")).toHaveTextContent("Sera conservé, mais plus lié :");
    expect(items("delete-unlinked")).toEqual(["5 contacts", "1 site"]);
    expect(box.textContent).not.toMatch(/stays|contacts \(|sites \(/);
    // The safe answer has the focus; Escape keeps everything and gives the focus back.
    expect(within(box).getByTestId("organisation-delete-confirm-keep")).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("organisation-delete-confirm")).toBeNull();
    expect(screen.getByTestId("organisation-delete")).toHaveFocus();
    expect(callsOf(calls, "delete_record")).toHaveLength(0);

    await user.click(screen.getByTestId("organisation-delete"));
    await user.click(await screen.findByTestId("organisation-delete-confirm-yes"));
    expect(callsOf(calls, "delete_record")).toEqual([{ cmd: "delete_record", args: { input: { kind: "organisation", id: "org_chc_mont_legia" } } }]);
  });

  it("asks before a department goes, saying that its programme items and people stay", async () => {
    applyLocale("fr");
    const calls = fakeBackend({
      get_delete_impact: () => ({
        links: [["agenda_departments", 2], ["contacts", 3]],
        removed: [{ code: "impact.programmeItems", params: { count: "2" } }],
        unlinked: [{ code: "impact.contacts", params: { count: "3" } }],
      }),
      delete_record: () => null,
    });
    const onchanged = vi.fn();
    render(DepartmentsEditor, {
      organisationId: "org_chc",
      departments: [{ id: "dep_cardio", organisationId: "org_chc", name: "Cardiologie", specialty: null }],
      onchanged,
    });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("department-delete"));
    const box = await screen.findByTestId("department-delete-confirm");
    expect(box).toHaveTextContent("Supprimer Cardiologie ?");
    expect(within(box).getByTestId("delete-removed")).toHaveTextContent("sa mention dans 2 points du programme");
    expect(within(box).getByTestId("delete-unlinked")).toHaveTextContent("3 contacts");
    await user.keyboard("{Escape}");
    expect(screen.getByTestId("department-delete")).toHaveFocus();
    expect(callsOf(calls, "delete_record")).toHaveLength(0);
    await user.click(screen.getByTestId("department-delete"));
    await user.click(await screen.findByTestId("department-delete-confirm-yes"));
    expect(callsOf(calls, "delete_record")).toHaveLength(1);
    expect(onchanged).toHaveBeenCalled();
  });
});
