import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { MailPreview } from "../../lib/bindings";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { callsOf, fakeBackend } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";
import MailDrafts from "./MailDrafts.svelte";

const preview = (template: string, sampleId: string | null): MailPreview => ({
  recipients: [
    { contactId: "con_a", name: "Wei-Ting Chen 陳維廷", email: "chen@example.org", lang: "zh-TW" },
    { contactId: "con_b", name: "Maxime Rossi", email: "rossi@example.org", lang: "fr" },
  ],
  skipped: [
    {
      contactId: "con_c",
      name: "Anne Dupont",
      reason: "objected",
      message: { code: "mail.skip.objected", params: {} },
    },
  ],
  sample:
    sampleId === "con_b"
      ? {
          contactId: "con_b",
          to: "Maxime Rossi <rossi@example.org>",
          subject: `${template === "confirmation" ? "Confirmation" : "Invitation"} : Mission`,
          body: "Bonjour Dr Rossi,\n\n- jeu. 26 juin 10:00–11:00 · Visite",
          attachments: template === "confirmation" ? ["Itinéraire personnel - maxime-rossi.pdf"] : [],
          lang: "fr",
        }
      : {
          contactId: "con_a",
          to: "Wei-Ting Chen 陳維廷 <chen@example.org>",
          subject: "邀請函：Mission",
          body: "陳維廷 您好：",
          attachments: [],
          lang: "zh-TW",
        },
});

describe("e-mail drafts", () => {
  afterEach(() => applyLocale("en"));

  it("previews one person's draft, says who is skipped and why, and writes the drafts", async () => {
    applyLocale("fr");
    const calls = fakeBackend({
      preview_mail_merge: (input) => preview(String(input.template), (input.sampleId as string | null) ?? null),
      write_mail_drafts: () => ({ drafts: 2, folder: "/home/planner/brouillons", skipped: [] }),
    });
    render(MailDrafts, { detail: missionDetail });
    const user = userEvent.setup();
    expect(callsOf(calls, "preview_mail_merge")).toHaveLength(0); // nothing read while closed
    await user.click(screen.getByText("Brouillons d’e-mails"));
    expect(await screen.findByTestId("mail-sample-subject")).toHaveTextContent("邀請函");
    expect(screen.getByTestId("mail-count")).toHaveTextContent("2 brouillons à écrire");
    expect(screen.getByTestId("mail-skipped")).toHaveTextContent("Anne Dupont — s’est opposée à être contactée");

    await user.selectOptions(screen.getByTestId("mail-template"), "confirmation");
    await user.selectOptions(screen.getByTestId("mail-sample"), "con_b");
    await waitFor(() => expect(screen.getByTestId("mail-sample-subject")).toHaveTextContent("Confirmation"));
    expect(screen.getByTestId("mail-sample-attachments")).toHaveTextContent("maxime-rossi.pdf");
    expect(screen.getByTestId("mail-sample-body")).toHaveTextContent("Bonjour Dr Rossi");
    expect(callsOf(calls, "preview_mail_merge").at(-1)?.args).toEqual({
      input: { missionId: "mis_tsha", template: "confirmation", to: "all", lang: "auto", sampleId: "con_b" },
    });

    await user.click(screen.getByTestId("mail-write"));
    expect(await screen.findByTestId("mail-written")).toHaveTextContent("2 brouillons écrits dans /home/planner/brouillons");
    expect(callsOf(calls, "write_mail_drafts").at(-1)?.args).toMatchObject({
      input: { template: "confirmation", to: "all", lang: "auto" },
    });
  });

  it("says when nobody can get a draft and offers nothing to write", async () => {
    fakeBackend({ preview_mail_merge: () => ({ recipients: [], skipped: [], sample: null }) });
    render(MailDrafts, { detail: missionDetail });
    await userEvent.setup().click(screen.getByText("E-mail drafts"));
    expect(await screen.findByTestId("mail-nobody")).toBeInTheDocument();
    expect(screen.getByTestId("mail-write")).toBeDisabled();
  });
});
