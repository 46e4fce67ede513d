import { fireEvent, render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import type { ContactSummary } from "../../lib/bindings";
import { callsOf, fakeBackend, missionHandlers, missionWorld } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";

beforeEach(() => {
  window.location.hash = "#/missions/mis_tsha/delegation";
});

const person = (id: string, displayName: string): ContactSummary => ({
  id, displayName, nativeName: null, title: null, role: null, organisation: null, specialties: [], tags: [], placeholder: false,
});

function world() {
  return missionWorld([missionDetail], {
    contacts: [person("con_sato", "Kenji Satō"), person("con_lead", "Dr. Lin"), person("con_delegate_1", "Delegate 1 — cardiology")],
  });
}

const row = (contact: string) => document.querySelector<HTMLElement>(`[data-testid="member-row"][data-contact="${contact}"]`);

describe("delegation members", () => {
  it("adds a person from the directory with a role and a sub-group", async () => {
    const calls = fakeBackend(missionHandlers(world()));
    render(App);
    const search = await screen.findByTestId("member-pick-search");
    await vi.waitFor(() => expect(within(screen.getByTestId("member-pick")).getAllByRole("option").length).toBe(4));
    await fireEvent.input(search, { target: { value: "sato" } });
    expect(within(screen.getByTestId("member-pick")).getAllByRole("option").map((o) => o.textContent)).toEqual(["— aucune —", "Kenji Satō"]);
    await fireEvent.change(screen.getByTestId("member-pick"), { target: { value: "con_sato" } });
    await fireEvent.change(screen.getByTestId("member-new-role"), { target: { value: "interpreter" } });
    await fireEvent.change(screen.getByTestId("member-new-subgroup"), { target: { value: "grp_cardio" } });
    await fireEvent.submit(screen.getByTestId("member-picker"));
    await vi.waitFor(() => expect(row("con_sato")).not.toBeNull());
    expect(callsOf(calls, "add_member")[0].args).toEqual({
      input: { missionId: "mis_tsha", contactId: "con_sato", role: "interpreter", subgroupId: "grp_cardio" },
    });
    expect(within(row("con_sato")!).getByTestId("member-role")).toHaveValue("interpreter");
    expect(screen.getByTestId("member-pick")).toHaveValue("");
  });

  it("picks the first match with Enter and adds them with a second Enter", async () => {
    const calls = fakeBackend(missionHandlers(world()));
    render(App);
    const search = await screen.findByTestId("member-pick-search");
    await vi.waitFor(() => expect(within(screen.getByTestId("member-pick")).getAllByRole("option").length).toBe(4));
    await userEvent.type(search, "delegate{Enter}");
    expect(screen.getByTestId("member-pick")).toHaveValue("con_delegate_1");
    expect(callsOf(calls, "add_member")).toHaveLength(0);
    await userEvent.keyboard("{Enter}");
    await vi.waitFor(() => expect(row("con_delegate_1")).not.toBeNull());
    expect(callsOf(calls, "add_member")[0].args).toMatchObject({ input: { contactId: "con_delegate_1" } });
  });

  it("shows the backend's refusal beside the picker when the person is already in", async () => {
    fakeBackend(missionHandlers(world()));
    render(App);
    await screen.findByTestId("member-pick-search");
    await vi.waitFor(() => expect(within(screen.getByTestId("member-pick")).getAllByRole("option").length).toBe(4));
    await fireEvent.change(screen.getByTestId("member-pick"), { target: { value: "con_lead" } });
    await fireEvent.click(screen.getByTestId("member-add"));
    expect(await screen.findByTestId("member-error")).toHaveTextContent("already in the delegation");
    expect(screen.getByTestId("member-pick")).toHaveAttribute("aria-invalid", "true");
  });

  it("changes a member's role and sub-group, and removes them", async () => {
    const calls = fakeBackend(missionHandlers(world()));
    render(App);
    await vi.waitFor(() => expect(row("con_lead")).not.toBeNull());
    const lead = row("con_lead")!;
    expect(within(lead).getByTestId("member-role")).toHaveValue("head");
    expect(within(lead).getByTestId("member-role")).toHaveTextContent("Chef de délégation");
    const loads = callsOf(calls, "get_mission").length;
    await fireEvent.change(within(lead).getByTestId("member-role"), { target: { value: "organiser" } });
    await vi.waitFor(() => expect(callsOf(calls, "get_mission").length).toBeGreaterThan(loads));
    await fireEvent.change(within(row("con_lead")!).getByTestId("member-subgroup"), { target: { value: "grp_cardio" } });
    expect(callsOf(calls, "save_member").map((c) => c.args)).toEqual([
      { input: { missionId: "mis_tsha", contactId: "con_lead", role: "organiser", subgroupId: null } },
      { input: { missionId: "mis_tsha", contactId: "con_lead", role: "organiser", subgroupId: "grp_cardio" } },
    ]);
    await fireEvent.click(within(row("con_lead")!).getByTestId("member-remove"));
    // Asked first: what stays and what goes.
    const confirm = screen.getByTestId("member-remove-confirm");
    expect(confirm).toHaveTextContent("ses données de passeport pour cette mission sont effacées");
    expect(callsOf(calls, "remove_member")).toHaveLength(0);
    await fireEvent.click(within(confirm).getByTestId("member-remove-confirm-yes"));
    await vi.waitFor(() => expect(row("con_lead")).toBeNull());
    expect(callsOf(calls, "remove_member")[0].args).toEqual({ input: { missionId: "mis_tsha", contactId: "con_lead" } });
  });

  it("creates a person inline, saves them in the directory, then adds them", async () => {
    const calls = fakeBackend(missionHandlers(world()));
    render(App);
    await fireEvent.click(await screen.findByTestId("member-create"));
    const form = screen.getByTestId("member-contact-form");
    await fireEvent.input(within(form).getByTestId("member-contact-given"), { target: { value: "Yuki" } });
    await fireEvent.click(within(form).getByTestId("member-contact-save"));
    expect(await within(form).findByTestId("error-familyName")).toHaveTextContent("a family name is required");
    await fireEvent.input(within(form).getByTestId("member-contact-family"), { target: { value: "Tanaka" } });
    await fireEvent.input(within(form).getByTestId("member-contact-email"), { target: { value: "yuki@example.jp" } });
    await fireEvent.input(within(form).getByTestId("member-contact-languages"), { target: { value: "ja, en" } });
    await fireEvent.click(within(form).getByTestId("member-contact-save"));
    await vi.waitFor(() => expect(screen.queryByTestId("member-contact-form")).not.toBeInTheDocument());
    const saved = callsOf(calls, "save_contact").at(-1)!.args!.input as Record<string, unknown>;
    expect(saved).toMatchObject({ givenName: "Yuki", familyName: "Tanaka", email: "yuki@example.jp", languages: ["ja", "en"] });
    expect(String(saved.id)).toMatch(/^con_[0-9a-f]{32}$/);
    expect(callsOf(calls, "add_member")[0].args).toEqual({
      input: { missionId: "mis_tsha", contactId: saved.id, role: "delegate", subgroupId: null },
    });
    await vi.waitFor(() => expect(row(String(saved.id))).not.toBeNull());
  });

  it("says a new person already exists, and adds the existing one instead", async () => {
    const calls = fakeBackend(missionHandlers(world()));
    render(App);
    await fireEvent.click(await screen.findByTestId("member-create"));
    const form = screen.getByTestId("member-contact-form");
    await fireEvent.input(within(form).getByTestId("member-contact-given"), { target: { value: "kenji" } });
    await fireEvent.input(within(form).getByTestId("member-contact-family"), { target: { value: "Satō" } });
    await fireEvent.click(within(form).getByTestId("member-contact-save"));
    const box = await within(form).findByTestId("look-alikes");
    expect(within(box).getByTestId("look-alike")).toHaveTextContent("Kenji Satō existe déjà");
    expect(within(box).getByTestId("look-alike-use")).toHaveAccessibleName("Ajouter Kenji Satō à la délégation");
    await fireEvent.click(within(box).getByTestId("look-alike-use"));
    await vi.waitFor(() => expect(row("con_sato")).not.toBeNull());
    expect(callsOf(calls, "save_contact")).toHaveLength(0);
    expect(callsOf(calls, "add_member")[0].args).toEqual({
      input: { missionId: "mis_tsha", contactId: "con_sato", role: "delegate", subgroupId: null },
    });
    expect(screen.queryByTestId("member-contact-form")).not.toBeInTheDocument();
  });

  it("creates the new person anyway when the planner says so", async () => {
    const calls = fakeBackend(missionHandlers(world()));
    render(App);
    await fireEvent.click(await screen.findByTestId("member-create"));
    const form = screen.getByTestId("member-contact-form");
    await fireEvent.input(within(form).getByTestId("member-contact-given"), { target: { value: "Kenji" } });
    await fireEvent.input(within(form).getByTestId("member-contact-family"), { target: { value: "Satō" } });
    await fireEvent.click(within(form).getByTestId("member-contact-save"));
    await fireEvent.click(await within(form).findByTestId("look-alike-save-anyway"));
    await vi.waitFor(() => expect(screen.queryByTestId("member-contact-form")).not.toBeInTheDocument());
    const saved = callsOf(calls, "save_contact")[0].args!.input as Record<string, unknown>;
    expect(saved).toMatchObject({ givenName: "Kenji", familyName: "Satō" });
    expect(callsOf(calls, "add_member")[0].args).toMatchObject({ input: { contactId: saved.id } });
  });

  it("closes the inline form with Escape", async () => {
    fakeBackend(missionHandlers(world()));
    render(App);
    await fireEvent.click(await screen.findByTestId("member-create"));
    await fireEvent.keyDown(screen.getByTestId("member-contact-given"), { key: "Escape" });
    expect(screen.queryByTestId("member-contact-form")).not.toBeInTheDocument();
  });

  it("asks before deleting a sub-group, saying that its member and item go to the whole delegation; Escape keeps it", async () => {
    const calls = fakeBackend({ ...missionHandlers(world()), delete_subgroup: () => null });
    render(App);
    const track = await screen.findByText((_, el) => el?.getAttribute("data-testid") === "subgroup" && el.getAttribute("data-id") === "grp_cardio");
    const remove = within(track).getByTestId("subgroup-delete");
    expect(remove).toHaveAccessibleName("Supprimer Cardiology track");
    await userEvent.click(remove);
    const box = within(track).getByTestId("subgroup-delete-confirm");
    expect(box).toHaveTextContent("Supprimer le sous-groupe « Cardiology track » ?");
    expect(within(box).getByTestId("subgroup-delete-impact")).toHaveTextContent("Passeront alors à toute la délégation : 1 membre 1 point du programme");
    expect(within(box).getByTestId("subgroup-delete-confirm-keep")).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(within(track).queryByTestId("subgroup-delete-confirm")).toBeNull();
    expect(remove).toHaveFocus();
    expect(callsOf(calls, "delete_subgroup")).toHaveLength(0);

    await userEvent.click(remove);
    await userEvent.click(within(track).getByTestId("subgroup-delete-confirm-yes"));
    expect(callsOf(calls, "delete_subgroup")[0].args).toEqual({ input: { id: "grp_cardio" } });
  });

  it("edits an availability window in place, its note shown; a refusal is said in its row and Escape leaves it as it was", async () => {
    let refuse = true;
    const calls = fakeBackend({
      ...missionHandlers(world()),
      save_availability: () => {
        if (refuse) {
          refuse = false;
          throw { kind: "validation", message: "end: before start", field: "end", code: "endBeforeStart", params: {} };
        }
        return "ava_1";
      },
    });
    render(App);
    const row = await vi.waitFor(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="availability-window"][data-id="ava_1"]');
      if (!el) throw new Error("no window yet");
      return el;
    }, { timeout: 5_000 });
    expect(row).toHaveTextContent("Single free hour");
    const edit = within(row).getByTestId("availability-edit");
    expect(edit).toHaveAccessibleName("Modifier la plage de Prof. Philippe Olivier");

    await userEvent.click(edit);
    expect(within(row).getByTestId("availability-edit-start")).toHaveValue("14:00");
    await userEvent.keyboard("{Escape}");
    expect(within(row).queryByTestId("availability-edit-form")).toBeNull();
    expect(within(row).getByTestId("availability-edit")).toHaveFocus();

    await userEvent.click(within(row).getByTestId("availability-edit"));
    await fireEvent.input(within(row).getByTestId("availability-edit-note"), { target: { value: "Free after the ward round" } });
    await userEvent.click(within(row).getByTestId("availability-edit-save"));
    expect(await within(row).findByRole("alert")).toBeInTheDocument();
    await userEvent.click(within(row).getByTestId("availability-edit-save"));
    await vi.waitFor(() => expect(within(row).queryByTestId("availability-edit-form")).toBeNull());
    expect(callsOf(calls, "save_availability").at(-1)?.args).toEqual({
      input: {
        id: "ava_1",
        missionId: "mis_tsha",
        contactId: "con_olivier",
        start: "2025-06-27T14:00",
        end: "2025-06-27T15:00",
        note: "Free after the ward round",
      },
    });
  });
});
