// A mission's budget as the window shows it: the categories in order, each line's amounts in
// the planner's language, and the draft the cost form edits (amounts typed as text, read by
// the core in euros: "1 250,50", "80 €").
import type { CostCategory, CostInput, CostLine } from "../../lib/bindings";
import { eurInput, formatEur } from "../../lib/format";

export const COST_CATEGORIES: CostCategory[] = [
  "transport",
  "hotel",
  "catering",
  "venue",
  "interpreting",
  "gifts",
  "printing",
  "other",
];

/** An amount in euros in the language; "—" when not known. */
export function eurText(locale: string, cents: number | null | undefined): string {
  return cents === null || cents === undefined ? "—" : formatEur(locale, cents);
}

export type CostDraft = {
  id: string | null;
  category: CostCategory;
  label: string;
  supplierId: string | null;
  estimate: string;
  committed: string;
  actual: string;
  note: string;
  /** The invoice file's path in the data folder (`attachments/…`); "" when none. */
  invoice: string;
};

/** The file name of an attached file's path (`attachments/mis_x/facture.pdf` → `facture.pdf`). */
export function fileName(path: string | null | undefined): string {
  return (path ?? "").split("/").pop() ?? "";
}

/** The form's draft: the stored line (amounts as the language types them), or a new one in
 *  the category last used. */
export function costDraft(line: CostLine | null, locale: string, lastCategory: CostCategory = "transport"): CostDraft {
  if (line) {
    return {
      id: line.id,
      category: line.category,
      label: line.label,
      supplierId: line.supplier?.id ?? null,
      estimate: eurInput(locale, line.estimateCents),
      committed: eurInput(locale, line.committedCents),
      actual: eurInput(locale, line.actualCents),
      note: line.note ?? "",
      invoice: line.invoice ?? "",
    };
  }
  return { id: null, category: lastCategory, label: "", supplierId: null, estimate: "", committed: "", actual: "", note: "", invoice: "" };
}

/** What the core is sent: the amounts as typed (blank: not known yet); no invoice: none. */
export function costInput(draft: CostDraft, missionId: string): CostInput {
  return {
    ...(draft.id ? { id: draft.id } : {}),
    missionId,
    category: draft.category,
    label: draft.label,
    supplierId: draft.supplierId || undefined,
    estimateEur: draft.estimate,
    committedEur: draft.committed,
    actualEur: draft.actual,
    note: draft.note.trim() || undefined,
    invoice: draft.invoice || undefined,
  };
}
