import { fireEvent, render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Contact, DuplicateRecord } from "../../lib/bindings";
import { callsOf, fakeBackend } from "../../test/backend";
import ContactForm from "./ContactForm.svelte";

const claire: DuplicateRecord = {
  id: "con_claire",
  name: "Claire Dupont",
  nativeName: null,
  email: "claire.dupont@chuliege.be",
  organisation: { id: "org_chu_liege", name: "CHU de Liège" },
  links: 2,
};

const saved = (input: Record<string, unknown>) => ({ contact: input as unknown as Contact, organisation: null, department: null, missions: [] });

async function typeClaire() {
  const user = userEvent.setup();
  await user.type(screen.getByTestId("field-givenName"), "Claire");
  await user.type(screen.getByTestId("field-familyName"), "Dupont");
  await user.click(screen.getByTestId("contact-form-save"));
  return user;
}

describe("a new contact that looks like an existing one", () => {
  it("names the look-alike before saving, and 'use this record' opens it without saving", async () => {
    const calls = fakeBackend({ similar_contacts: () => [claire], save_contact: saved });
    const onsaved = vi.fn();
    render(ContactForm, { onsaved, oncancel: () => {} });
    await typeClaire();
    const box = await screen.findByTestId("look-alikes");
    expect(within(box).getByTestId("look-alike")).toHaveTextContent("Claire Dupont, CHU de Liège");
    expect(within(box).getByTestId("look-alike")).toHaveTextContent("claire.dupont@chuliege.be");
    // The safe answer has the focus.
    await vi.waitFor(() => expect(within(box).getByTestId("look-alike-use")).toHaveFocus());
    const asked = callsOf(calls, "similar_contacts")[0].args!.input as Record<string, unknown>;
    expect(asked).toMatchObject({ givenName: "Claire", familyName: "Dupont", organisationId: null, email: null });
    expect(String(asked.exceptId)).toMatch(/^con_/);
    expect(callsOf(calls, "save_contact")).toHaveLength(0);
    await fireEvent.click(within(box).getByTestId("look-alike-use"));
    expect(onsaved).toHaveBeenCalledWith("con_claire");
    expect(callsOf(calls, "save_contact")).toHaveLength(0);
  });

  it("saves anyway when the planner says so, once", async () => {
    const calls = fakeBackend({ similar_contacts: () => [claire], save_contact: saved });
    const onsaved = vi.fn();
    render(ContactForm, { onsaved, oncancel: () => {} });
    await typeClaire();
    await fireEvent.click(await screen.findByTestId("look-alike-save-anyway"));
    await vi.waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
    expect(callsOf(calls, "save_contact")).toHaveLength(1);
    expect(callsOf(calls, "similar_contacts")).toHaveLength(1);
    expect(onsaved.mock.calls[0][0]).toBe((callsOf(calls, "save_contact")[0].args!.input as Contact).id);
  });

  it("Escape goes back to the form, which stays open", async () => {
    const oncancel = vi.fn();
    fakeBackend({ similar_contacts: () => [claire], save_contact: saved });
    render(ContactForm, { onsaved: () => {}, oncancel });
    await typeClaire();
    const box = await screen.findByTestId("look-alikes");
    await fireEvent.keyDown(within(box).getByTestId("look-alike-use"), { key: "Escape" });
    expect(screen.queryByTestId("look-alikes")).toBeNull();
    expect(oncancel).not.toHaveBeenCalled();
    expect(screen.getByTestId("contact-form")).toBeInTheDocument();
  });

  it("saves straight away when nobody looks alike, and never asks when editing", async () => {
    const calls = fakeBackend({ similar_contacts: () => [], save_contact: saved });
    const onsaved = vi.fn();
    render(ContactForm, { onsaved, oncancel: () => {} });
    await typeClaire();
    await vi.waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId("look-alikes")).toBeNull();

    const existing = callsOf(calls, "save_contact")[0].args!.input as Contact;
    const before = callsOf(calls, "similar_contacts").length;
    document.body.innerHTML = "";
    const onsaved2 = vi.fn();
    render(ContactForm, { initial: existing, onsaved: onsaved2, oncancel: () => {} });
    await userEvent.setup().click(screen.getByTestId("contact-form-save"));
    await vi.waitFor(() => expect(onsaved2).toHaveBeenCalledWith(existing.id));
    expect(callsOf(calls, "similar_contacts")).toHaveLength(before);
  });
});
