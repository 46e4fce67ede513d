import { fireEvent, render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ContactSummary, FollowupItem } from "../../lib/bindings";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { callsOf, fakeBackend } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";
import Followups from "./Followups.svelte";

afterEach(() => applyLocale("en"));

const person = (id: string, displayName: string, organisation: string | null = null): ContactSummary => ({
  id,
  displayName,
  nativeName: null,
  title: null,
  role: null,
  organisation: organisation ? { id: `org_${id}`, name: organisation } : null,
  specialties: [],
  tags: [],
  placeholder: false,
});

describe("follow-ups", () => {
  it("picks the owner from the directory, by family name, and types the due date in French", async () => {
    applyLocale("fr");
    const calls = fakeBackend({
      list_followups: () => [],
      list_contacts: () => [person("con_z", "Anne Zimmer"), person("con_d", "Claire Dupont", "CHU de Liège"), person("con_a", "Luc Adam")],
      save_followup: () => "fol_1",
    });
    render(Followups, { props: { detail: missionDetail } });
    const user = userEvent.setup();
    const owner = (await screen.findByTestId("followup-owner")) as HTMLSelectElement;
    await screen.findByRole("option", { name: /Claire Dupont/ });
    expect([...owner.options].map((o) => o.textContent)).toEqual(["— aucune —", "Luc Adam", "Claire Dupont · CHU de Liège", "Anne Zimmer"]);
    await user.type(screen.getByTestId("followup-owner-search"), "chu liege");
    expect([...owner.options].map((o) => o.value)).toEqual(["", "con_d"]);
    await user.selectOptions(owner, "con_d");
    await user.type(screen.getByTestId("followup-title"), "Envoyer la brochure");
    await user.type(screen.getByTestId("followup-due"), "15/01/2027");
    await user.click(screen.getByRole("button", { name: "Ajouter un suivi" }));
    expect(callsOf(calls, "save_followup")[0].args).toEqual({
      input: { title: "Envoyer la brochure", dueOn: "2027-01-15", ownerContactId: "con_d", missionId: missionDetail.mission.id },
    });
  });

  it("shows the owner from the directory as a link, and a name typed before as text", async () => {
    const item = (id: string, over: Record<string, unknown>) => ({
      id,
      title: `Follow-up ${id}`,
      owner: null,
      ownerContact: null,
      dueOn: null,
      status: "open",
      mission: null,
      organisation: null,
      contact: null,
      technology: null,
      notes: null,
      outcomeId: null,
      people: [],
      overdue: false,
      notifiedAt: null,
      ...over,
    });
    fakeBackend({
      list_followups: () => [item("fol_a", { ownerContact: { id: "con_d", name: "Claire Dupont" } }), item("fol_b", { owner: "Marc (AWEX)" })],
    });
    render(Followups, { props: { detail: missionDetail } });
    const owners = await screen.findAllByTestId("followup-owner-name");
    expect(owners[0].querySelector("a")).toHaveAttribute("href", "#/contacts/con_d");
    expect(owners[0]).toHaveTextContent("Claire Dupont");
    expect(owners[1]).toHaveTextContent("Marc (AWEX)");
    expect(owners[1].querySelector("a")).toBeNull();
  });

  describe("edited and deleted in place", () => {
    const linked = (over: Partial<FollowupItem> = {}): FollowupItem => ({
      id: "fol_brochure",
      title: "Envoyer la brochure",
      owner: "Claire Dupont",
      ownerContact: { id: "con_d", name: "Claire Dupont" },
      dueOn: "2027-01-15",
      status: "open",
      mission: { id: missionDetail.mission.id, name: missionDetail.mission.title },
      organisation: { id: "org_chu", name: "CHU de Liège" },
      contact: { id: "con_x", name: "Dr X" },
      technology: { id: "tec_ecg", name: "ECG" },
      notes: "From: One-to-one",
      outcomeId: "out_1",
      people: [{ id: "con_x", name: "Dr X" }, { id: "con_y", name: "Dr Y" }],
      overdue: false,
      notifiedAt: null,
      ...over,
    });

    it("moves a card to another column with its status picker, which keeps the focus", async () => {
      applyLocale("fr");
      let rows = [linked()];
      const calls = fakeBackend({
        list_followups: () => rows,
        set_followup_status: (input) => {
          rows = [linked({ status: input.status as FollowupItem["status"] })];
          return rows[0];
        },
      });
      render(Followups, { props: { detail: missionDetail } });
      const user = userEvent.setup();
      const pick = await within(await screen.findByTestId("column-open")).findByRole("combobox", {
        name: "Statut du suivi «\u00a0Envoyer la brochure\u00a0»",
      });
      expect(pick).toHaveValue("open");
      await user.selectOptions(pick, "done");
      expect(callsOf(calls, "set_followup_status")[0].args).toEqual({ input: { id: "fol_brochure", status: "done" } });
      const moved = await within(screen.getByTestId("column-done")).findByTestId("followup-status");
      expect(moved).toHaveValue("done");
      await vi.waitFor(() => expect(moved).toHaveFocus());
      expect(within(screen.getByTestId("column-open")).queryByTestId("followup")).toBeNull();
    });

    it("edits a follow-up and sends its links back unchanged", async () => {
      applyLocale("fr");
      let rows = [linked()];
      const calls = fakeBackend({
        list_followups: () => rows,
        list_contacts: () => [person("con_d", "Claire Dupont"), person("con_a", "Luc Adam")],
        save_followup: (input) => {
          rows = [linked({ title: String(input.title), status: input.status as FollowupItem["status"] })];
          return "fol_brochure";
        },
      });
      render(Followups, { props: { detail: missionDetail } });
      const user = userEvent.setup();
      await user.click(await screen.findByRole("button", { name: "Modifier le suivi «\u00a0Envoyer la brochure\u00a0»" }));
      const editor = screen.getByTestId("followup-editor");
      expect(within(editor).getByTestId("followup-edit-title")).toHaveValue("Envoyer la brochure");
      expect(within(editor).getByTestId("followup-edit-due")).toHaveValue("15/01/2027");
      await user.clear(within(editor).getByTestId("followup-edit-title"));
      await user.type(within(editor).getByTestId("followup-edit-title"), "Envoyer le devis");
      await user.selectOptions(within(editor).getByTestId("followup-edit-status"), "waiting");
      await user.selectOptions(within(editor).getByTestId("followup-edit-owner"), "con_a");
      await user.click(within(editor).getByTestId("followup-edit-save"));
      expect(callsOf(calls, "save_followup")[0].args).toEqual({
        input: {
          id: "fol_brochure",
          title: "Envoyer le devis",
          dueOn: "2027-01-15",
          ownerContactId: "con_a",
          status: "waiting",
          notes: "From: One-to-one",
          missionId: missionDetail.mission.id,
          outcomeId: "out_1",
          organisationId: "org_chu",
          contactId: "con_x",
          technologyId: "tec_ecg",
        },
      });
      expect(await screen.findByText("Envoyer le devis")).toBeInTheDocument();
      expect(screen.queryByTestId("followup-editor")).toBeNull();
      expect(screen.getByTestId("followup-edit")).toHaveFocus();
    });

    it("links every attendee of the meeting it came from", async () => {
      fakeBackend({ list_followups: () => [linked()] });
      render(Followups, { props: { detail: missionDetail } });
      await screen.findByTestId("followup");
      const people = screen.getAllByTestId("followup-person");
      expect(people.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
        ["Dr X", "#/contacts/con_x"],
        ["Dr Y", "#/contacts/con_y"],
      ]);
    });

    it("asks before deleting, with the focus on keeping it; Escape keeps it", async () => {
      applyLocale("fr");
      let rows = [linked()];
      const calls = fakeBackend({
        list_followups: () => rows,
        delete_followup: () => {
          rows = [];
          return null;
        },
      });
      render(Followups, { props: { detail: missionDetail } });
      await fireEvent.click(await screen.findByTestId("followup-delete"));
      const box = screen.getByTestId("followup-delete-confirm");
      expect(box).toHaveTextContent("Supprimer le suivi « Envoyer la brochure » ?");
      expect(within(box).getByTestId("followup-delete-confirm-keep")).toHaveFocus();
      await fireEvent.keyDown(within(box).getByTestId("followup-delete-confirm-keep"), { key: "Escape" });
      expect(screen.queryByTestId("followup-delete-confirm")).toBeNull();
      expect(callsOf(calls, "delete_followup")).toHaveLength(0);

      // In the list too; this time, deleted.
      await fireEvent.click(screen.getByTestId("followups-list"));
      await fireEvent.click(await screen.findByTestId("followup-delete"));
      await fireEvent.click(screen.getByTestId("followup-delete-confirm-yes"));
      expect(await screen.findByText("Aucun suivi pour l’instant.")).toBeInTheDocument();
      expect(callsOf(calls, "delete_followup")[0].args).toEqual({ input: { id: "fol_brochure" } });
    });
  });
});
