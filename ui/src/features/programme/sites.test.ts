import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import { callsOf, fakeBackend, missionHandlers, missionWorld, type MissionWorld } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";
import { resetTimeZones } from "../../lib/zones";

beforeEach(() => {
  resetTimeZones();
  window.location.hash = "#/missions/mis_tsha/sites";
});

async function fill(testid: string, value: string, root: HTMLElement = document.body) {
  await fireEvent.input(within(root).getByTestId(testid), { target: { value } });
}
async function choose(testid: string, value: string, root: HTMLElement = document.body) {
  await fireEvent.change(within(root).getByTestId(testid), { target: { value } });
}
function siteBlock(id: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="site-editor"][data-id="${id}"]`);
  if (!el) throw new Error(`no site ${id}`);
  return el;
}

function withSecondSite(w: MissionWorld) {
  w.missions[0].sites.push({ ...structuredClone(w.missions[0].sites[0]), id: "sit_legia", name: "CHC Mont Légia", rooms: [] });
  return w;
}

describe("sites editor", () => {
  it("adds a site: country and zone prefilled from the mission, the zone follows the country", async () => {
    const calls = fakeBackend(missionHandlers(missionWorld([missionDetail])));
    render(App);
    await fireEvent.click(await screen.findByTestId("site-add"));
    const form = screen.getByTestId("site-form");
    await within(form).findAllByRole("option", { name: "Japon" });
    expect(screen.getByTestId("site-country")).toHaveValue("BE");
    expect(screen.getByTestId("site-tz-select")).toHaveValue("Europe/Brussels");
    await fill("site-name", "Briefing à Tokyo");
    await choose("site-country", "JP");
    expect(screen.getByTestId("site-tz-select")).toHaveValue("Asia/Tokyo");
    await fill("site-city", "Tokyo");
    await fill("site-opens-at", "08:30");
    await fill("site-access-notes", "Badge à l’accueil");
    await fireEvent.click(screen.getByTestId("site-form-save"));

    await vi.waitFor(() => expect(screen.getAllByTestId("site-editor")).toHaveLength(2));
    expect(screen.queryByTestId("site-form")).not.toBeInTheDocument();
    expect(callsOf(calls, "save_site")[0].args).toEqual({
      input: {
        missionId: "mis_tsha",
        name: "Briefing à Tokyo",
        city: "Tokyo",
        country: "JP",
        tz: "Asia/Tokyo",
        opensAt: "08:30",
        accessNotes: "Badge à l’accueil",
      },
    });
    expect(screen.queryByTestId("site-warning")).not.toBeInTheDocument();
  });

  it("a zone picked first on a new site brings its country; a chosen country stays", async () => {
    fakeBackend(missionHandlers(missionWorld([missionDetail])));
    render(App);
    await fireEvent.click(await screen.findByTestId("site-add"));
    const form = screen.getByTestId("site-form");
    await within(form).findAllByRole("option", { name: "Japon" });
    await choose("site-tz-select", "Asia/Tokyo");
    expect(screen.getByTestId("site-country")).toHaveValue("JP");
    await choose("site-country", "BE");
    await choose("site-tz-select", "Asia/Tokyo");
    expect(screen.getByTestId("site-country")).toHaveValue("BE");
  });

  it("searches the zone picker and shows the save's warning, translated", async () => {
    fakeBackend(missionHandlers(missionWorld([missionDetail])));
    render(App);
    await fireEvent.click(await screen.findByTestId("site-add"));
    await screen.findAllByRole("option", { name: "Japon" });
    await fill("site-name", "Salle louée");
    // The planner says the site is in Belgium, then picks a Japanese zone: allowed, with a warning.
    await choose("site-country", "BE");
    await fill("site-tz-search", "japon");
    const options = within(screen.getByTestId("site-tz-select")).getAllByRole("option");
    // The chosen zone stays listed, then the matches.
    expect(options.map((o) => (o as HTMLOptionElement).value)).toEqual(["Europe/Brussels", "Asia/Tokyo"]);
    await choose("site-tz-select", "Asia/Tokyo");
    await fireEvent.click(screen.getByTestId("site-form-save"));
    const warning = await screen.findByTestId("site-warning");
    expect(warning).toHaveAttribute("data-code", "zoneNotCountry");
    expect(warning).toHaveTextContent("ce fuseau horaire n’est pas celui du pays du site");
  });

  it("edits a site with the same form, prefilled; an error stays beside its field", async () => {
    const calls = fakeBackend(missionHandlers(missionWorld([missionDetail])));
    render(App);
    await fireEvent.click(within(await vi.waitFor(() => siteBlock("sit_marie_curie"))).getByTestId("site-edit"));
    expect(screen.getByTestId("site-name")).toHaveValue("Hôpital civil Marie Curie");
    expect(screen.getByTestId("site-city")).toHaveValue("Lodelinsart");
    await fill("site-name", "");
    await fireEvent.click(screen.getByTestId("site-form-save"));
    expect(await screen.findByTestId("error-name")).toHaveTextContent("a name is required");
    await fill("site-name", "Marie Curie");
    await fireEvent.click(screen.getByTestId("site-form-save"));
    await vi.waitFor(() => expect(screen.queryByTestId("site-form")).not.toBeInTheDocument());
    const input = callsOf(calls, "save_site").at(-1)!.args!.input as Record<string, unknown>;
    expect(input).toMatchObject({ id: "sit_marie_curie", name: "Marie Curie", organisationId: "org_chu", postalCode: "6042", opensAt: "08:00" });
  });

  it("removes a site no item uses after confirmation", async () => {
    const calls = fakeBackend(missionHandlers(withSecondSite(missionWorld([missionDetail]))));
    render(App);
    await fireEvent.click(within(await vi.waitFor(() => siteBlock("sit_legia"))).getByTestId("site-remove"));
    const removal = await screen.findByTestId("site-removal");
    await within(removal).findByText(/Aucun point du programme/);
    await fireEvent.click(within(removal).getByTestId("site-removal-confirm"));
    await vi.waitFor(() => expect(screen.getAllByTestId("site-editor")).toHaveLength(1));
    expect(callsOf(calls, "delete_site")[0].args).toEqual({ input: { id: "sit_legia", moveTo: null } });
  });

  it("lists the items a site holds and moves them to another site before removing it", async () => {
    const w = withSecondSite(missionWorld([missionDetail]));
    w.itemsAt.sit_marie_curie = [{ id: "itm_presentations", title: "Taiwanese medical AI presentations", start: "2025-06-26T18:00:00+02:00" }];
    const calls = fakeBackend(missionHandlers(w));
    render(App);
    await fireEvent.click(within(await vi.waitFor(() => siteBlock("sit_marie_curie"))).getByTestId("site-remove"));
    const items = await screen.findByTestId("site-removal-items");
    expect(items).toHaveTextContent("26 juin 2025, 18:00 · Taiwanese medical AI presentations");
    expect(screen.getByTestId("site-removal")).toHaveTextContent("1 point du programme a lieu à « Hôpital civil Marie Curie »");
    const confirm = screen.getByTestId("site-removal-confirm");
    expect(confirm).toBeDisabled();
    await choose("site-removal-move-to", "sit_legia");
    expect(confirm).toBeEnabled();
    await fireEvent.click(confirm);
    await vi.waitFor(() => expect(screen.getAllByTestId("site-editor")).toHaveLength(1));
    expect(callsOf(calls, "delete_site")[0].args).toEqual({ input: { id: "sit_marie_curie", moveTo: "sit_legia" } });
    expect(w.itemsAt.sit_legia).toHaveLength(1);
  });

  it("asks before deleting a room, saying that its programme item stays at the site without a room", async () => {
    const calls = fakeBackend({ ...missionHandlers(missionWorld([missionDetail])), delete_room: () => null });
    render(App);
    const room = await vi.waitFor(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="room"][data-id="roo_auditorium"]');
      if (!el) throw new Error("no room yet");
      return el;
    });
    const remove = within(room).getByTestId("room-delete");
    expect(remove).toHaveAccessibleName("Supprimer Auditorium");
    await fireEvent.click(remove);
    const box = within(room).getByTestId("room-delete-confirm");
    expect(box).toHaveTextContent("Supprimer la salle « Auditorium » ?");
    const site = missionDetail.sites.find((s) => s.rooms.some((r) => r.id === "roo_auditorium"))!.name;
    expect(within(box).getByTestId("room-delete-impact")).toHaveTextContent(`1 point du programme qui y a lieu restera à ${site}, sans salle.`);
    await fireEvent.keyDown(box, { key: "Escape" });
    expect(within(room).queryByTestId("room-delete-confirm")).toBeNull();
    expect(callsOf(calls, "delete_room")).toHaveLength(0);
    await fireEvent.click(remove);
    await fireEvent.click(within(room).getByTestId("room-delete-confirm-yes"));
    expect(callsOf(calls, "delete_room")[0].args).toEqual({ input: { id: "roo_auditorium" } });
  });
});
