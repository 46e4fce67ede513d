// The item form's time rule: times typed in the site's zone (host time beside), sent with their
// offset, so an item opened and saved unchanged never moves; an end before the start is refused
// unless the item ends the next day.
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import type { AgendaItem, MissionDetail } from "../../lib/bindings";
import { callsOf, fakeBackend, missionHandlers, missionWorld } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";

const briefing: AgendaItem = {
  ...missionDetail.days[1].items[0],
  id: "itm_briefing",
  title: "Pre-departure briefing",
  // 09:00–10:30 in Tokyo, as the backend sends it: with the host zone's offset.
  start: "2025-06-26T02:00:00+02:00",
  end: "2025-06-26T03:30:00+02:00",
  tz: "Asia/Tokyo",
  site: { id: "sit_tokyo", name: "JETRO Tokyo" },
};

function detail(): MissionDetail {
  const d = structuredClone(missionDetail);
  d.sites.push({ ...structuredClone(d.sites[0]), id: "sit_tokyo", name: "JETRO Tokyo", country: "JP", tz: "Asia/Tokyo", rooms: [] });
  d.days[0].items.unshift(structuredClone(briefing));
  return d;
}

beforeEach(() => {
  window.location.hash = "#/missions/mis_tsha";
});

async function openFromList(title: string) {
  await fireEvent.click(await screen.findByTestId("view-list"));
  const rows = await screen.findAllByTestId("list-row");
  const row = rows.find((r) => within(r).queryByRole("button", { name: title }))!;
  await fireEvent.click(within(row).getByRole("button", { name: title }));
  return screen.getByTestId("item-form");
}

describe("item form times", () => {
  it("types a Tokyo item in Tokyo time, shows the host time beside, and saves it unchanged with its offset", async () => {
    const calls = fakeBackend({ ...missionHandlers(missionWorld([detail()])), save_agenda_item: () => "itm_briefing" });
    render(App);
    const form = await openFromList("Pre-departure briefing");
    expect(within(form).getByTestId("item-start")).toHaveValue("09:00");
    expect(within(form).getByTestId("item-end")).toHaveValue("10:30");
    expect(within(form).getByTestId("item-start-zone")).toHaveTextContent("Tokyo · 02:00 Bruxelles");
    expect(within(form).getByTestId("item-end-zone")).toHaveTextContent("Tokyo · 03:30 Bruxelles");
    await fireEvent.click(within(form).getByTestId("item-save"));
    const input = callsOf(calls, "save_agenda_item")[0].args!.input as { start: string; end: string };
    expect(input.start).toBe("2025-06-26T09:00+09:00");
    expect(input.end).toBe("2025-06-26T10:30+09:00");
    expect(Date.parse(input.start)).toBe(Date.parse(briefing.start));
    expect(Date.parse(input.end)).toBe(Date.parse(briefing.end));
  });

  it("says the host zone when the item is at a site in it", async () => {
    fakeBackend(missionHandlers(missionWorld([detail()])));
    render(App);
    const form = await openFromList("Taiwanese medical AI presentations");
    expect(within(form).getByTestId("item-start")).toHaveValue("18:00");
    expect(within(form).getByTestId("item-start-zone")).toHaveTextContent(/^Bruxelles$/);
  });

  it("keeps the instants when the site changes to another zone", async () => {
    const calls = fakeBackend({ ...missionHandlers(missionWorld([detail()])), save_agenda_item: () => "itm_new" });
    render(App);
    await fireEvent.click(await screen.findByTestId("new-item"));
    const form = screen.getByTestId("item-form");
    await fireEvent.input(within(form).getByTestId("item-title"), { target: { value: "Call" } });
    expect(within(form).getByTestId("item-start")).toHaveValue("09:00");
    await fireEvent.change(within(form).getByTestId("item-site"), { target: { value: "sit_tokyo" } });
    expect(within(form).getByTestId("item-start")).toHaveValue("16:00");
    expect(within(form).getByTestId("item-start-zone")).toHaveTextContent("Tokyo · 09:00 Bruxelles");
    await fireEvent.click(within(form).getByTestId("item-save"));
    const input = callsOf(calls, "save_agenda_item")[0].args!.input as { start: string; end: string; siteId: string };
    expect(input).toMatchObject({ start: "2025-06-26T16:00+09:00", end: "2025-06-26T17:00+09:00", siteId: "sit_tokyo" });
  });

  it("does not save a time that cannot be read, and repeats why beside Save", async () => {
    const calls = fakeBackend({ ...missionHandlers(missionWorld([detail()])), save_agenda_item: () => "itm_new" });
    render(App);
    await fireEvent.click(await screen.findByTestId("new-item"));
    const form = screen.getByTestId("item-form");
    await fireEvent.input(within(form).getByTestId("item-title"), { target: { value: "Dîner" } });
    const start = within(form).getByTestId("item-start") as HTMLInputElement;
    start.value = "2:30 PM";
    start.dispatchEvent(new Event("change", { bubbles: true }));
    (form as HTMLFormElement).requestSubmit();
    expect(await within(form).findByTestId("item-save-error")).toHaveTextContent("Heure à saisir sur 24 h, par ex. 14:30.");
    expect(document.activeElement).toBe(start);
    expect(callsOf(calls, "save_agenda_item")).toHaveLength(0);
  });

  it("refuses an end before the start beside the end field, unless it ends the next day", async () => {
    const calls = fakeBackend({ ...missionHandlers(missionWorld([detail()])), save_agenda_item: () => "itm_new" });
    render(App);
    await fireEvent.click(await screen.findByTestId("new-item"));
    const form = screen.getByTestId("item-form");
    await fireEvent.input(within(form).getByTestId("item-title"), { target: { value: "Dîner" } });
    await fireEvent.input(within(form).getByTestId("item-start"), { target: { value: "11:00" } });
    await fireEvent.input(within(form).getByTestId("item-end"), { target: { value: "10:00" } });
    await fireEvent.click(within(form).getByTestId("item-save"));
    expect(await within(form).findByTestId("field-error-end")).toHaveTextContent("La fin est avant le début");
    expect(within(form).getByTestId("item-end")).toHaveAttribute("aria-invalid", "true");
    expect(await within(form).findByTestId("item-save-error")).toHaveTextContent("La fin est avant le début");
    expect(callsOf(calls, "save_agenda_item")).toHaveLength(0);
    const nextDay = within(form).getByTestId("item-ends-next-day");
    expect(nextDay.closest("label")).toHaveTextContent("Se termine le lendemain");
    await fireEvent.click(nextDay);
    expect(within(form).queryByTestId("field-error-end")).not.toBeInTheDocument();
    expect(within(form).queryByTestId("item-save-error")).not.toBeInTheDocument();
    await fireEvent.click(within(form).getByTestId("item-save"));
    const input = callsOf(calls, "save_agenda_item")[0].args!.input as { start: string; end: string };
    expect(input.start).toBe("2025-06-26T11:00+02:00");
    expect(input.end).toBe("2025-06-27T10:00+02:00");
  });

  it("opens an item across midnight with 'ends the next day' ticked", async () => {
    const d = detail();
    d.days[0].items.push({ ...structuredClone(briefing), id: "itm_late", title: "Late reception", site: null, tz: "Europe/Brussels",
      start: "2025-06-26T22:00:00+02:00", end: "2025-06-27T00:30:00+02:00" });
    const calls = fakeBackend({ ...missionHandlers(missionWorld([d])), save_agenda_item: () => "itm_late" });
    render(App);
    const form = await openFromList("Late reception");
    expect(within(form).getByTestId("item-ends-next-day")).toBeChecked();
    await fireEvent.click(within(form).getByTestId("item-save"));
    const input = callsOf(calls, "save_agenda_item")[0].args!.input as { start: string; end: string };
    expect(input).toMatchObject({ start: "2025-06-26T22:00+02:00", end: "2025-06-27T00:30+02:00" });
  });
});

describe("list view end", () => {
  it("refuses an end before the start beside the field, never rolling to the next day", async () => {
    const calls = fakeBackend({ ...missionHandlers(missionWorld([detail()])), move_agenda_item: () => null });
    render(App);
    await fireEvent.click(await screen.findByTestId("view-list"));
    const rows = await screen.findAllByTestId("list-row");
    const row = rows.find((r) => r.dataset.id === "itm_presentations")!;
    await fireEvent.input(within(row).getByTestId("row-end"), { target: { value: "17:00" } });
    expect(await within(row).findByTestId("row-end-error")).toHaveTextContent("La fin est avant le début");
    expect(callsOf(calls, "move_agenda_item")).toHaveLength(0);
    await fireEvent.input(within(row).getByTestId("row-end"), { target: { value: "20:30" } });
    expect(within(row).queryByTestId("row-end-error")).not.toBeInTheDocument();
    expect(callsOf(calls, "move_agenda_item")[0].args).toEqual({
      input: { id: "itm_presentations", start: "2025-06-26T18:00+02:00", end: "2025-06-26T20:30+02:00" },
    });
  });
});
