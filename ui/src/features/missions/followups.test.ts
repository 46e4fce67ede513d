import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ContactSummary } from "../../lib/bindings";
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
});
