import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
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

  it("deletes a duplicate into the entry kept: says who holds it, hands them the other one, in Chinese; Escape keeps it", async () => {
    applyLocale("zh-TW");
    let list = [cardiology, oncology];
    const calls = fakeBackend({
      list_specialties: () => list,
      get_specialty_impact: () => ({
        links: [["contact_specialties", 3], ["departments", 1]],
        removed: [],
        unlinked: [
          { code: "impact.contacts", params: { count: "3" } },
          { code: "impact.departments", params: { count: "1" } },
        ],
      }),
      delete_specialty: (input) => {
        const { code } = input as { code: string };
        list = list.filter((s) => s.code !== code);
        return null;
      },
    });
    await refreshSpecialties();
    render(SpecialtyList);
    const user = userEvent.setup();
    await user.click(screen.getByText("顯示清單（2）"));
    const row = () => screen.getByTestId("specialty-list").querySelector<HTMLElement>('[data-specialty="cardiology"]');
    const remove = within(row()!).getByTestId("specialty-delete");
    expect(remove).toHaveAccessibleName("刪除 心臟科");

    // Escape keeps it, the focus back on its Delete button.
    await user.click(remove);
    expect(await screen.findByTestId("specialty-delete-confirm")).toHaveTextContent("要從清單中移除「心臟科」嗎？");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("specialty-delete-confirm")).toBeNull();
    expect(within(row()!).getByTestId("specialty-delete")).toHaveFocus();
    expect(callsOf(calls, "delete_specialty")).toHaveLength(0);

    await user.click(within(row()!).getByTestId("specialty-delete"));
    const box = await screen.findByTestId("specialty-delete-confirm");
    expect(within(box).getByTestId("delete-unlinked")).toHaveTextContent("3 位聯絡人");
    expect(within(box).getByTestId("delete-unlinked")).toHaveTextContent("1 個部門");
    const into = within(box).getByTestId("specialty-delete-into");
    // The other specialties only, in the planner's language.
    expect([...into.querySelectorAll("option")].map((o) => o.textContent)).toEqual(["不標註專科（將移除）", "腫瘤科"]);
    await user.selectOptions(into, "oncology");
    expect(within(box).getByTestId("specialty-delete-moved")).toHaveTextContent("將改為標註「腫瘤科」。");
    await user.click(within(box).getByTestId("specialty-delete-confirm-yes"));
    expect(callsOf(calls, "delete_specialty").at(-1)?.args).toEqual({ input: { code: "cardiology", into: "oncology" } });
    await vi.waitFor(() => expect(row()).toBeNull());
    expect(screen.getByText("顯示清單（1）")).toBeInTheDocument();
  });
});
