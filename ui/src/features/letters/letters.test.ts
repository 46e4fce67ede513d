import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { LetterPlan, Passport } from "../../lib/bindings";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { announce } from "../../lib/store-events.svelte";
import { callsOf, fakeBackend } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";
import Letters from "./Letters.svelte";
import Passports from "./Passports.svelte";

const saved: Passport = {
  id: "psp_1",
  missionId: "mis_tsha",
  contactId: "con_delegate_1",
  surname: "CHEN",
  givenNames: "WEI-TING",
  nationality: "TW",
  number: "312345678",
  birthDate: "1975-03-14",
  issuedOn: "2020-01-10",
  expiresOn: "2025-08-01",
  issuingAuthority: null,
  checks: [
    {
      code: "passport.expiresSoon",
      params: { expiry: "2025-08-01", needed: "2025-09-27", months: "3" },
    },
  ],
};

describe("passport data", () => {
  afterEach(() => applyLocale("en"));

  it("is entered with errors beside their field, shown with its check, and cleared after a question", async () => {
    applyLocale("fr");
    let list: Passport[] = [];
    const calls = fakeBackend({
      list_passports: () => list,
      save_passport: (input) => {
        const p = input as Record<string, string>;
        if (p.expiresOn < "2025-06-28") {
          throw { kind: "validation", message: "expiresOn: expired", field: "expiresOn", code: "passportExpired", params: { expiry: p.expiresOn } };
        }
        list = [saved];
        return "psp_1";
      },
      clear_passport: () => {
        list = [];
        return true;
      },
    });
    render(Passports, { detail: missionDetail });
    const user = userEvent.setup();
    expect(await screen.findByTestId("passports-privacy")).toHaveTextContent("effacées avec la mission");
    const rows = await screen.findAllByTestId("passport-row");
    expect(rows).toHaveLength(2); // the delegate and the head, no host
    await user.click(within(rows[0]).getByTestId("passport-edit"));
    await user.type(screen.getByTestId("passport-surname"), "CHEN");
    await user.type(screen.getByTestId("passport-given-names"), "WEI-TING");
    await user.type(screen.getByTestId("passport-number"), "312345678");
    await user.type(screen.getByTestId("passport-birth-date"), "14/03/1975");
    await user.type(screen.getByTestId("passport-expires-on"), "01/01/2024");
    await user.click(screen.getByTestId("passport-save"));
    expect(await screen.findByTestId("error-expiresOn")).toHaveTextContent("Ce passeport a expiré le 01/01/2024 :");
    expect(callsOf(calls, "save_passport").at(-1)?.args).toMatchObject({
      input: { missionId: "mis_tsha", contactId: "con_delegate_1", surname: "CHEN", nationality: "TW", birthDate: "1975-03-14" },
    });

    await user.clear(screen.getByTestId("passport-expires-on"));
    await user.type(screen.getByTestId("passport-expires-on"), "01/08/2025");
    await user.click(screen.getByTestId("passport-save"));
    await waitFor(() => expect(screen.queryByTestId("passport-form")).toBeNull());
    announce({ entities: ["passports"], ids: {} }); // what the app says after the commit
    expect(await screen.findByTestId("passport-check")).toHaveTextContent("expire le 01/08/2025 : pour un visa Schengen, il doit rester valable 3 mois après la mission, soit jusqu’au 27/09/2025 au moins");

    await user.click(screen.getByTestId("passport-clear"));
    await user.click(within(screen.getByTestId("passport-clear-confirm")).getByText("Effacer le passeport"));
    expect(callsOf(calls, "clear_passport").at(-1)?.args).toEqual({ input: { missionId: "mis_tsha", contactId: "con_delegate_1" } });
  }, 20_000);
});

describe("letters", () => {
  it("lists who gets a letter and who does not, and writes them", async () => {
    const plan: LetterPlan = {
      letters: [{ contactId: "con_delegate_1", name: "Delegate 1", lang: "zh-TW", fileName: "邀請函 - delegate-1.pdf" }],
      skipped: [{ contactId: "con_lead", name: "Dr. Lin", reason: "noPassport", message: { code: "letter.skip.noPassport", params: {} } }],
    };
    const calls = fakeBackend({
      preview_letters: () => plan,
      write_letters: () => ({ written: ["/home/planner/letters/邀請函 - delegate-1.pdf"], skipped: plan.skipped }),
    });
    render(Letters, { detail: missionDetail });
    const user = userEvent.setup();
    expect(callsOf(calls, "preview_letters")).toHaveLength(0);
    await user.click(screen.getByText("Letters (visa invitation, thank-you)"));
    expect(await screen.findByTestId("letters-count")).toHaveTextContent("1 letter to write");
    expect(screen.getByTestId("letters-skipped")).toHaveTextContent("Dr. Lin — no passport data for this mission");
    await user.selectOptions(screen.getByTestId("letters-costs"), "organiser");
    await user.selectOptions(screen.getByTestId("letters-person"), "con_delegate_1");
    await user.click(screen.getByTestId("letters-write"));
    expect(await screen.findByTestId("letters-written")).toHaveTextContent("1 letter written to /home/planner/letters");
    expect(callsOf(calls, "write_letters").at(-1)?.args).toEqual({
      input: { missionId: "mis_tsha", kind: "invitation", lang: "auto", costsBy: "organiser", contactId: "con_delegate_1" },
    });
  });

  it("offers the thank-you letter to the hosts met as well as to the delegates", async () => {
    const thanks: LetterPlan = {
      letters: [
        { contactId: "con_delegate_1", name: "Delegate 1", lang: "zh-TW", fileName: "感謝函 - delegate-1.pdf" },
        { contactId: "con_host_1", name: "Sophie Lambert", lang: "fr", fileName: "Lettre de remerciement - sophie-lambert.pdf" },
      ],
      skipped: [{ contactId: "con_host_2", name: "Marc Dubois", reason: "objected", message: { code: "mail.skip.objected", params: {} } }],
    };
    const calls = fakeBackend({
      preview_letters: (input) => ((input as { kind: string }).kind === "thank-you" ? thanks : { letters: [], skipped: [] }),
    });
    render(Letters, { detail: missionDetail });
    const user = userEvent.setup();
    await user.click(screen.getByText("Letters (visa invitation, thank-you)"));
    await user.selectOptions(await screen.findByTestId("letters-kind"), "thank-you");
    const person = screen.getByTestId("letters-person");
    await waitFor(() => expect(within(person).getAllByRole("option").map((o) => o.textContent)).toEqual(["Everyone concerned", "Delegate 1", "Marc Dubois", "Sophie Lambert"]));
    await user.selectOptions(person, "con_host_1");
    expect(await screen.findByTestId("letters-count")).toHaveTextContent("1 letter to write");
    expect(screen.getByTestId("letters-people")).toHaveTextContent("Sophie Lambert");
    expect(screen.queryByTestId("letters-skipped")).toBeNull();
    // One person's plan is their part of everyone's: asked once per kind, always for everyone.
    expect(callsOf(calls, "preview_letters").every((c) => (c.args?.input as { contactId: unknown }).contactId === null)).toBe(true);
  });
});
