import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import type { MissionDetail } from "../../lib/bindings";
import { appInfo, callsOf, fakeBackend } from "../../test/backend";
import { missionDetail, programmeState } from "../../test/fixtures";
import { typedWording, untranslated, wordedLangs, wordingInput } from "../../lib/wording";

const ITEM = "itm_presentations";
const NAME = "Taiwanese medical AI presentations";

const state = programmeState();

/** The fixture's mission, its presentations given a Chinese and a French title. */
function worded(): MissionDetail {
  const detail = structuredClone(missionDetail);
  const item = detail.days.flatMap((d) => d.items).find((i) => i.id === ITEM)!;
  item.titles = { fr: "Présentations d’IA médicale", zhTw: "臺灣醫療 AI 簡報" };
  item.descriptions = { zhTw: "晚間場次" };
  return detail;
}

/** The app over the worded mission, in `locale`, with `over`'s handlers. */
const backend = (locale: "en" | "fr", over: Parameters<typeof fakeBackend>[0] = {}) =>
  fakeBackend({ get_app_info: () => appInfo({ locale }), get_mission: () => worded(), get_programme_state: () => state, ...over });

async function openItem() {
  await fireEvent.click(await screen.findByTestId("view-list"));
  const row = (await screen.findAllByTestId("list-row")).find((r) => r.dataset.id === ITEM)!;
  await fireEvent.click(within(row).getByRole("button", { name: NAME }));
  return screen.findByTestId("item-wording");
}

beforeEach(() => {
  window.location.hash = "#/missions/mis_tsha";
});

describe("an item's words for each document language", () => {
  it("are read back typed, sent without the blank ones, and named by the languages given", () => {
    const typed = typedWording({ zhTw: "合照" });
    expect(typed).toEqual({ fr: "", en: "", zhTw: "合照" });
    expect(wordingInput({ fr: "  ", en: " Group photo ", zhTw: "合照" })).toEqual({ en: "Group photo", zhTw: "合照" });
    expect(wordedLangs(typed, { fr: "Sur le perron", en: "", zhTw: "" }).map((l) => l.code)).toEqual(["fr", "zh-TW"]);
  });

  it("find the items a language's documents print as typed, once some have a title in it", () => {
    const [a, b, c] = missionDetail.days.flatMap((d) => d.items).slice(0, 3).map((i) => structuredClone(i));
    expect(untranslated([a, b, c], "zh-TW")).toEqual([]);
    a.titles = { zhTw: "歡迎" };
    c.status = "cancelled";
    expect(untranslated([a, b, c], "zh-TW").map((i) => i.id)).toEqual([b.id]);
    expect(untranslated([a, b, c], "fr")).toEqual([]);
    expect(untranslated([a, b, c], "de")).toEqual([]);
  });

  it("show open on an item that has some, are edited in the form and saved with the item", async () => {
    const calls = backend("en", { save_agenda_item: () => ITEM });
    render(App);
    const box = await openItem();
    expect(box).toHaveProperty("open", true);
    expect(within(box).getByText(/French, Traditional Chinese/)).toBeInTheDocument();
    const chinese = within(box).getByTestId("item-title-zh-TW");
    expect(chinese).toHaveValue("臺灣醫療 AI 簡報");
    expect(chinese).toHaveAttribute("lang", "zh-TW");
    // Where a language has none, the item's own title shows as the placeholder.
    expect(within(box).getByTestId("item-title-en")).toHaveAttribute("placeholder", NAME);
    await fireEvent.input(chinese, { target: { value: "臺灣醫療 AI 技術簡報" } });
    await fireEvent.input(within(box).getByTestId("item-title-fr"), { target: { value: "" } });
    await fireEvent.input(within(box).getByTestId("item-description-en"), { target: { value: "Evening session" } });
    await fireEvent.click(screen.getByTestId("item-save"));
    const input = (callsOf(calls, "save_agenda_item")[0].args as { input: Record<string, unknown> }).input;
    expect(input.title).toBe(NAME);
    expect(input.titles).toEqual({ zhTw: "臺灣醫療 AI 技術簡報" });
    expect(input.descriptions).toEqual({ en: "Evening session", zhTw: "晚間場次" });
  });

  it("say, once the item is renamed, that its other languages' titles may need the same", async () => {
    backend("fr");
    render(App);
    await openItem();
    expect(screen.queryByTestId("item-wording-stale")).toBeNull();
    await fireEvent.input(screen.getByTestId("item-title"), { target: { value: "Présentations de l’après-midi" } });
    expect(await screen.findByTestId("item-wording-stale")).toHaveTextContent("Le titre a changé");
    // Back to its title: nothing to say.
    await fireEvent.input(screen.getByTestId("item-title"), { target: { value: NAME } });
    expect(screen.queryByTestId("item-wording-stale")).toBeNull();
  });

  it("are folded or not as each item's words say, when the form goes from one item to another", async () => {
    backend("en");
    render(App);
    expect(await openItem()).toHaveProperty("open", true);
    // Another item, without words of its own, while the form is open.
    await fireEvent.click(screen.getByRole("tab", { name: /27/ }));
    const other = (await screen.findAllByTestId("list-row")).find((r) => r.dataset.id === "itm_visit")!;
    await fireEvent.click(within(other).getByRole("button", { name: "Visit of CHC Mont Légia" }));
    await vi.waitFor(() => expect(screen.getByTestId("item-title")).toHaveValue("Visit of CHC Mont Légia"));
    await vi.waitFor(() => expect(screen.getByTestId("item-wording")).toHaveProperty("open", false));
  });

  it("stay folded on an item without any; a refused one opens them and is said beside its field", async () => {
    fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      get_mission: () => missionDetail,
      get_programme_state: () => state,
      save_agenda_item: () => {
        throw { kind: "validation", message: "titles.zhTw: too long", field: "titles.zhTw", code: "tooLong", params: { max: "300" } };
      },
    });
    render(App);
    const box = await openItem();
    expect(box).toHaveProperty("open", false);
    await fireEvent.click(screen.getByTestId("item-save"));
    const field = await within(box).findByTestId("item-title-zh-TW");
    expect(box).toHaveProperty("open", true);
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(within(box).getByTestId("item-wording-zh-TW")).toHaveTextContent("300");
    expect(screen.queryByTestId("form-error")).toBeNull();
  });
});
