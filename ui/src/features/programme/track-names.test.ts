import { fireEvent, render, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import { callsOf, fakeBackend, missionHandlers, missionWorld } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";

beforeEach(() => {
  window.location.hash = "#/missions/mis_tsha/delegation";
});

const track = () => document.querySelector<HTMLElement>('[data-testid="subgroup"][data-id="grp_cardio"]')!;

describe("a track's names in each language's documents", () => {
  it("shows the stored ones, saves a new one with the name kept, and says a refusal beside its field", async () => {
    let refuse = true;
    const world = missionWorld([missionDetail]);
    const calls = fakeBackend({
      ...missionHandlers(world),
      save_subgroup: () => {
        if (refuse) {
          refuse = false;
          throw { kind: "validation", message: "names.fr: too long", field: "names.fr", code: "tooLong", params: { max: "200" } };
        }
        return "grp_cardio";
      },
    });
    render(App);
    await vi.waitFor(() => expect(document.querySelector('[data-testid="subgroup"]')).not.toBeNull(), { timeout: 5000 });
    const row = within(track());
    // Folded under each track, its summary naming the language it has a name in; opened, the
    // stored Chinese name; nothing to save yet.
    const fold = row.getByTestId("subgroup-wording");
    expect(fold).toHaveProperty("open", false);
    expect(fold.querySelector("summary")).toHaveTextContent("Chinois traditionnel");
    fold.querySelector("summary")!.click();
    await vi.waitFor(() => expect(fold).toHaveProperty("open", true));
    expect(row.getByTestId("subgroup-title-zh-TW")).toHaveValue("心臟科組");
    expect(row.getByTestId("subgroup-save")).toBeDisabled();

    await fireEvent.input(row.getByTestId("subgroup-title-fr"), { target: { value: "Parcours cardiologie" } });
    expect(row.getByTestId("subgroup-save")).toBeEnabled();
    await fireEvent.click(row.getByTestId("subgroup-save"));
    const fr = row.getByTestId("subgroup-title-fr");
    await vi.waitFor(() => expect(fr).toHaveAttribute("aria-invalid", "true"));
    expect(fr.parentElement).toHaveTextContent("200");

    await fireEvent.click(row.getByTestId("subgroup-save"));
    await vi.waitFor(() => expect(callsOf(calls, "save_subgroup")).toHaveLength(2));
    expect(callsOf(calls, "save_subgroup")[1].args).toEqual({
      input: { missionId: "mis_tsha", name: "Cardiology track", id: "grp_cardio", names: { fr: "Parcours cardiologie", zhTw: "心臟科組" } },
    });
    await vi.waitFor(() => expect(fr).not.toHaveAttribute("aria-invalid"));
  });
});
