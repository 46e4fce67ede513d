import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ApiError, Specialty } from "../../lib/bindings";
import { refreshSpecialties } from "../../lib/app-state.svelte";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { callsOf, fakeBackend } from "../../test/backend";
import SpecialtyList from "./SpecialtyList.svelte";

const cardiology: Specialty = { code: "cardiology", labelEn: "Cardiology", labelFr: "Cardiologie", labelZh: "心臟科" };
const oncology: Specialty = { code: "oncology", labelEn: "Oncology", labelFr: "Oncologie", labelZh: "腫瘤科" };

describe("the shared specialty list", () => {
  afterEach(() => applyLocale("en"));

  it("shows each specialty's three labels and renames one in place, its code kept; a taken label is refused beside its field", async () => {
    applyLocale("fr");
    let list = [cardiology, oncology];
    const calls = fakeBackend({
      list_specialties: () => list,
      edit_specialty: (input) => {
        const { code, labels } = input as { code: string; labels: { labelEn: string; labelFr: string | null; labelZh: string | null } };
        if (labels.labelEn.toLowerCase() === "oncology") {
          const taken: ApiError = { kind: "validation", message: "labelEn: already in the list", field: "labelEn", code: "specialtyExists", params: { label: "oncology" } };
          throw taken;
        }
        list = list.map((s) => (s.code === code ? { code, labelEn: labels.labelEn, labelFr: labels.labelFr ?? labels.labelEn, labelZh: labels.labelZh ?? labels.labelEn } : s));
        return null;
      },
    });
    await refreshSpecialties();
    render(SpecialtyList);
    const user = userEvent.setup();
    await user.click(screen.getByText("Voir la liste (2)"));
    const row = screen.getByTestId("specialty-list").querySelector<HTMLElement>('[data-specialty="cardiology"]')!;
    expect(row).toHaveTextContent("Cardiology Cardiologie 心臟科");
    await user.click(within(row).getByTestId("specialty-rename"));

    const en = screen.getByTestId("specialty-rename-en");
    await user.clear(en);
    await user.type(en, "oncology");
    await user.click(screen.getByTestId("specialty-rename-save"));
    expect(await screen.findByTestId("error-labelEn")).toHaveTextContent("oncology");

    await user.clear(en);
    await user.type(en, "Cardiology and vascular medicine");
    const fr = screen.getByTestId("specialty-rename-fr");
    await user.clear(fr);
    await user.type(fr, "Cardiologie et médecine vasculaire");
    await user.click(screen.getByTestId("specialty-rename-save"));
    const saved = await screen.findByText("Cardiologie et médecine vasculaire");
    expect(saved.closest("[data-specialty]")).toHaveAttribute("data-specialty", "cardiology");
    expect(callsOf(calls, "edit_specialty").at(-1)?.args).toEqual({
      input: { code: "cardiology", labels: { labelEn: "Cardiology and vascular medicine", labelFr: "Cardiologie et médecine vasculaire", labelZh: "心臟科" } },
    });
    // Back on the row's Rename button.
    expect(within(saved.closest<HTMLElement>("[data-specialty]")!).getByTestId("specialty-rename")).toHaveFocus();
  });
});
