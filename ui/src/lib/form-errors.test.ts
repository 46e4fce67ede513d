import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import ContactForm from "../features/contacts/ContactForm.svelte";
import { callsOf, fakeBackend } from "../test/backend";
import { applyLocale } from "./i18n/index.svelte";

// jsdom does not lay pages out: record which element was scrolled into view.
const scrolled: Element[] = [];
beforeEach(() => {
  scrolled.length = 0;
  Element.prototype.scrollIntoView = vi.fn(function (this: Element) {
    scrolled.push(this);
  });
});
afterEach(() => applyLocale("en"));

describe("a failed save shows its error where the eye is", () => {
  it("scrolls to and focuses the first field in error, and repeats its message beside Save", async () => {
    applyLocale("fr");
    fakeBackend({
      save_contact: () => {
        throw { kind: "validation", message: "email: not an e-mail address", field: "email" };
      },
    });
    render(ContactForm, { onsaved: () => {}, oncancel: () => {} });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("field-familyName"), "Dupont");
    await user.type(screen.getByTestId("field-email"), "claire-at-chu");
    await user.click(screen.getByTestId("contact-form-save"));

    const repeated = await screen.findByTestId("contact-form-save-error");
    expect(repeated).toHaveTextContent("Courriel : not an e-mail address");
    const email = screen.getByTestId("field-email");
    expect(document.activeElement).toBe(email);
    expect(scrolled).toEqual([email.closest("[data-field]")]);
    // Beside the Save button, in the same row.
    expect(repeated.parentElement).toBe(screen.getByTestId("contact-form-save").parentElement);
  });

  it("repeats a general error beside Save", async () => {
    fakeBackend({
      save_contact: () => {
        throw { kind: "conflict", message: "the record was changed elsewhere", field: null };
      },
    });
    render(ContactForm, { onsaved: () => {}, oncancel: () => {} });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("field-familyName"), "Dupont");
    await user.click(screen.getByTestId("contact-form-save"));
    expect(await screen.findByTestId("contact-form-save-error")).toHaveTextContent("the record was changed elsewhere");
  });

  it("does not send a form whose date cannot be read, and shows that date", async () => {
    applyLocale("fr");
    const calls = fakeBackend({ save_contact: () => null });
    render(ContactForm, { onsaved: () => {}, oncancel: () => {} });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("field-familyName"), "Dupont");
    await user.type(screen.getByTestId("field-collectedOn"), "31/02/2025");
    await user.click(screen.getByTestId("contact-form-save"));
    expect(callsOf(calls, "save_contact")).toHaveLength(0);
    expect(document.activeElement).toBe(screen.getByTestId("field-collectedOn"));
    expect(screen.getByTestId("contact-form-save-error")).toHaveTextContent("Collecté le : Cette date n’existe pas : 31/02/2025.");
  });

  it("stops the save when the click on Save is what leaves a wrong date (no redraw in between)", async () => {
    applyLocale("fr");
    const calls = fakeBackend({ save_contact: () => null });
    render(ContactForm, { onsaved: () => {}, oncancel: () => {} });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("field-familyName"), "Dupont");
    const date = screen.getByTestId("field-reviewOn") as HTMLInputElement;
    date.value = "2025-26-06";
    // The browser's order: the field's change, then the form's submit, in one task.
    date.dispatchEvent(new Event("change", { bubbles: true }));
    (screen.getByTestId("contact-form") as HTMLFormElement).requestSubmit();
    expect(await screen.findByTestId("contact-form-save-error")).toHaveTextContent("À revoir le : Le mois de « 2025-26-06 » n’existe pas");
    expect(callsOf(calls, "save_contact")).toHaveLength(0);
    expect(document.activeElement).toBe(date);
  });
});
