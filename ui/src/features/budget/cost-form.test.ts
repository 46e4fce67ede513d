import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApiError } from "../../lib/bindings";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { callsOf, fakeBackend } from "../../test/backend";
import CostForm from "./CostForm.svelte";
import { costDraft } from "./budget";

const line = {
  id: "cst_1",
  missionId: "mis_x",
  category: "transport" as const,
  label: "Car Charleroi → Liège",
  supplier: null,
  estimateCents: 125050,
  committedCents: null,
  actualCents: null,
  note: null,
  invoice: "attachments/mis_x/facture.pdf",
};

describe("the invoice in the cost form", () => {
  afterEach(() => applyLocale("en"));

  it("attaches, replaces and removes a file, drops the copies it made and opens the saved one", async () => {
    applyLocale("fr");
    const copies = ["attachments/mis_x/devis.pdf", "attachments/mis_x/facture (2).pdf"];
    const calls = fakeBackend({
      attach_invoice: () => copies.shift() ?? null,
      open_attachment: () => null,
      release_attachment: () => null,
      save_cost: () => "cst_1",
    });
    const ondone = vi.fn();
    render(CostForm, { draft: costDraft(line, "fr-BE"), missionId: "mis_x", organisations: [], ondone });
    const user = userEvent.setup();
    expect(screen.getByTestId("cost-invoice-name")).toHaveTextContent("facture.pdf");
    await user.click(screen.getByTestId("cost-invoice-open"));
    expect(callsOf(calls, "open_attachment").at(-1)?.args).toEqual({ input: { path: "attachments/mis_x/facture.pdf" } });

    // Replaced twice before saving: the first copy is dropped, the saved file is kept (the
    // core drops it once the line no longer refers to it).
    await user.click(screen.getByTestId("cost-invoice-replace"));
    expect(await screen.findByText("devis.pdf")).toBeInTheDocument();
    expect(callsOf(calls, "release_attachment")).toHaveLength(0);
    await user.click(screen.getByTestId("cost-invoice-replace"));
    expect(await screen.findByText("facture (2).pdf")).toBeInTheDocument();
    expect(callsOf(calls, "release_attachment").map((c) => c.args)).toEqual([{ input: { path: "attachments/mis_x/devis.pdf" } }]);
    await user.click(screen.getByTestId("cost-save"));
    expect(callsOf(calls, "save_cost").at(-1)?.args).toMatchObject({ input: { invoice: "attachments/mis_x/facture (2).pdf" } });
    expect(ondone).toHaveBeenCalled();
  });

  it("shows a refused file beside the field in French, and cancelling drops an unsaved copy", async () => {
    applyLocale("fr");
    let refuse = true;
    const calls = fakeBackend({
      attach_invoice: () => {
        if (refuse) {
          refuse = false;
          throw {
            kind: "validation",
            message: "folder",
            field: "invoice",
            code: "attachmentIsFolder",
            params: { path: "/home/factures" },
          } satisfies ApiError;
        }
        return "attachments/mis_x/facture.pdf";
      },
      release_attachment: () => null,
    });
    const ondone = vi.fn();
    render(CostForm, { draft: costDraft(null, "fr-BE"), missionId: "mis_x", organisations: [], ondone });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("cost-invoice-attach"));
    expect(await screen.findByText("« /home/factures » est un dossier : choisissez un fichier.")).toBeInTheDocument();
    await user.click(screen.getByTestId("cost-invoice-attach"));
    expect(await screen.findByTestId("cost-invoice-name")).toHaveTextContent("facture.pdf");
    expect(screen.queryByText(/est un dossier/)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Annuler" }));
    expect(callsOf(calls, "release_attachment").map((c) => c.args)).toEqual([{ input: { path: "attachments/mis_x/facture.pdf" } }]);
    expect(callsOf(calls, "save_cost")).toHaveLength(0);
    expect(ondone).toHaveBeenCalled();
  });
});
