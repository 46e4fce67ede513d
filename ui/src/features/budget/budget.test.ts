import { describe, expect, it } from "vitest";
import type { CostLine } from "../../lib/bindings";
import { costDraft, costInput, eurText, fileName } from "./budget";

const line: CostLine = {
  id: "cst_1",
  missionId: "mis_x",
  category: "transport",
  label: "Coach Charleroi → Liège",
  supplier: { id: "org_bus", name: "Voyages Léonard" },
  estimateCents: 125050,
  committedCents: null,
  actualCents: 130000,
  note: null,
  invoice: "attachments/mis_x/facture (2).pdf",
};

describe("budget", () => {
  it("shows amounts as money in the language, a dash when unknown", () => {
    const fr = eurText("fr-BE", 125050);
    expect(fr).toContain("1");
    expect(fr).toContain("250,50");
    expect(fr).toContain("€");
    expect(eurText("en-GB", 125050)).toBe("€1,250.50");
    expect(eurText("fr-BE", null)).toBe("—");
  });

  it("drafts a stored line with its amounts typed as the language writes them, and sends them as text", () => {
    const draft = costDraft(line, "fr-BE");
    expect([draft.estimate, draft.committed, draft.actual]).toEqual(["1250,50", "", "1300,00"]);
    expect(costDraft(line, "en-GB").estimate).toBe("1250.50");
    expect(costInput({ ...draft, committed: "1 200", note: " " }, "mis_x")).toEqual({
      id: "cst_1",
      missionId: "mis_x",
      category: "transport",
      label: "Coach Charleroi → Liège",
      supplierId: "org_bus",
      estimateEur: "1250,50",
      committedEur: "1 200",
      actualEur: "1300,00",
      note: undefined,
      invoice: "attachments/mis_x/facture (2).pdf",
    });
    // Removed in the form: sent without one.
    expect(costInput({ ...draft, invoice: "" }, "mis_x").invoice).toBeUndefined();
    expect(fileName(line.invoice)).toBe("facture (2).pdf");
    expect(fileName(null)).toBe("");
  });

  it("drafts a new line in the category last used, without a supplier", () => {
    const fresh = costInput(costDraft(null, "fr-BE", "hotel"), "mis_x");
    expect(fresh).toMatchObject({ category: "hotel", supplierId: undefined, estimateEur: "" });
    expect(fresh).not.toHaveProperty("id");
    expect(fresh.invoice).toBeUndefined();
  });
});
