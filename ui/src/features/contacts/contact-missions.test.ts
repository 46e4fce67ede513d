import { render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { ContactDetail } from "../../lib/bindings";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { fakeBackend } from "../../test/backend";
import { contact } from "../../test/fixtures";
import ContactPage from "./ContactPage.svelte";

const rossi = contact({ id: "con_rossi", givenName: "Maxime", familyName: "Rossi", title: "Dr." });

const detail: ContactDetail = {
  contact: rossi,
  organisation: null,
  department: null,
  missions: [
    { mission: { id: "mis_a", name: "Mission A" }, role: "participant" },
    { mission: { id: "mis_b", name: "Mission B" }, role: "head" },
  ],
};

describe("a person's missions", () => {
  afterEach(() => applyLocale("en"));

  it("names the part a person takes in each mission in the window's language, a programme participant too", async () => {
    applyLocale("zh-TW");
    fakeBackend({ get_contact: () => detail });
    render(ContactPage, { id: "con_rossi" });
    const roles = await screen.findAllByTestId("contact-mission-role");
    expect(roles.map((r) => r.textContent)).toEqual(["參與行程", "團長"]);
  });
});
