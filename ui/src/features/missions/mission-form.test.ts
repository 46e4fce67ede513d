import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import { callsOf, fakeBackend, missionHandlers, missionWorld } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";
import { resetTimeZones } from "../../lib/zones";

beforeEach(() => {
  resetTimeZones();
  window.location.hash = "#/missions";
});

const world = () =>
  missionWorld([missionDetail], {
    organisations: [
      { id: "org_awex", name: "AWEX", shortName: null, kind: "agency", city: "Bruxelles", country: "BE", placeholder: false, departmentCount: 0, contactCount: 0 },
    ],
  });

async function fill(testid: string, value: string) {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
}
async function choose(testid: string, value: string) {
  await fireEvent.change(screen.getByTestId(testid), { target: { value } });
}

describe("missions page", () => {
  it("files missions under current, upcoming, past, and archived (folded)", async () => {
    const w = world();
    const base = w.missions[0];
    const today = new Date().toISOString().slice(0, 10);
    const mk = (id: string, title: string, startDate: string, endDate: string) => ({
      ...structuredClone(base),
      mission: { ...base.mission, id, title, startDate, endDate },
    });
    w.missions = [mk("mis_past", "Past one", "2020-01-01", "2020-01-03"), mk("mis_next", "Next one", "2999-01-01", "2999-01-02")];
    w.missions.push(mk("mis_old", "Archived one", "2019-01-01", "2019-01-02"));
    w.missions.push(mk("mis_now", "Current one", "2000-01-01", "2999-12-31"));
    w.archived.add("mis_old");
    fakeBackend(missionHandlers(w));
    render(App);
    expect(await within(await screen.findByTestId("missions-current")).findByText("Current one")).toBeInTheDocument();
    expect(within(screen.getByTestId("missions-upcoming")).getByText("Next one")).toBeInTheDocument();
    expect(within(screen.getByTestId("missions-past")).getByText("Past one")).toBeInTheDocument();
    const archived = screen.getByTestId("missions-archived");
    expect(archived.tagName).toBe("DETAILS");
    expect(archived).not.toHaveAttribute("open");
    expect(within(archived).getByText("Archived one")).toBeInTheDocument();
    expect(today).toMatch(/^\d{4}/);
  });

  it("creates a mission: countries by name, zones prefilled, organisers, then opens it", async () => {
    const w = world();
    const calls = fakeBackend(missionHandlers(w));
    render(App);
    await fireEvent.click(await screen.findByTestId("new-mission"));
    const form = screen.getByTestId("mission-form");
    expect(within(form).getByRole("heading")).toHaveTextContent("Nouvelle mission");
    await within(form).findAllByRole("option", { name: "Japon" });
    await fill("mission-title-input", "Medtech japonaise en Wallonie");
    await choose("mission-origin", "JP");
    await choose("mission-host", "BE");
    expect(screen.getByTestId("mission-host-tz-select")).toHaveValue("Europe/Brussels");
    expect(screen.getByTestId("mission-home-tz-select")).toHaveValue("Asia/Tokyo");
    await fill("mission-start", "2026-03-09");
    await fill("mission-end", "2026-03-11");
    await fireEvent.click(screen.getByTestId("mission-organiser-add"));
    await choose("mission-organiser-org", "org_awex");
    await fill("mission-organiser-role", "organisateur");
    await fill("mission-objectives", "Rencontrer les hôpitaux");
    await fireEvent.click(screen.getByTestId("mission-form-save"));

    await vi.waitFor(() => expect(window.location.hash).toBe("#/missions/mis_new_1"));
    expect(callsOf(calls, "save_mission")[0].args).toEqual({
      input: {
        title: "Medtech japonaise en Wallonie",
        originCountry: "JP",
        hostCountry: "BE",
        startDate: "2026-03-09",
        endDate: "2026-03-11",
        homeTz: "Asia/Tokyo",
        hostTz: "Europe/Brussels",
        objectives: "Rencontrer les hôpitaux",
        organisers: [{ organisationId: "org_awex", role: "organisateur" }],
      },
    });
    expect(await screen.findByTestId("mission-title")).toHaveTextContent("Medtech japonaise en Wallonie");
  });

  it("shows a validation error beside its field and keeps the form", async () => {
    fakeBackend(missionHandlers(world()));
    render(App);
    await fireEvent.click(await screen.findByTestId("new-mission"));
    await screen.findAllByRole("option", { name: "Japon" });
    await fill("mission-title-input", "X");
    await fill("mission-start", "2026-03-11");
    await fill("mission-end", "2026-03-09");
    await fireEvent.click(screen.getByTestId("mission-form-save"));
    expect(await screen.findByTestId("error-endDate")).toHaveTextContent("ends before it starts");
    expect(window.location.hash).toBe("#/missions");
  });

  it("starts from a previous mission: sends fromMissionId and fills its countries and zones", async () => {
    const calls = fakeBackend(missionHandlers(world()));
    render(App);
    await fireEvent.click(await screen.findByTestId("new-mission"));
    await screen.findAllByRole("option", { name: "Japon" });
    await choose("mission-from", "mis_tsha");
    expect(screen.getByTestId("mission-form")).toHaveTextContent("décalés aux nouvelles dates");
    expect(screen.getByTestId("mission-origin")).toHaveValue("TW");
    expect(screen.getByTestId("mission-host-tz-select")).toHaveValue("Europe/Brussels");
    await fill("mission-title-input", "TSHA 2026");
    await fill("mission-start", "2026-06-25");
    await fill("mission-end", "2026-06-26");
    await fireEvent.click(screen.getByTestId("mission-form-save"));
    await vi.waitFor(() => expect(window.location.hash).toBe("#/missions/mis_new_1"));
    const input = callsOf(calls, "save_mission")[0].args!.input as Record<string, unknown>;
    expect(input.fromMissionId).toBe("mis_tsha");
    expect(input.originCountry).toBe("TW");
    expect(input.homeTz).toBe("Asia/Taipei");
    await fireEvent.click(await screen.findByTestId("tab-sites"));
    expect(await screen.findAllByTestId("site-card")).toHaveLength(1);
  });

  it("closes the form with Escape", async () => {
    fakeBackend(missionHandlers(world()));
    render(App);
    await fireEvent.click(await screen.findByTestId("new-mission"));
    await fireEvent.keyDown(screen.getByTestId("mission-title-input"), { key: "Escape" });
    expect(screen.queryByTestId("mission-form")).not.toBeInTheDocument();
  });
});

describe("mission header", () => {
  beforeEach(() => {
    window.location.hash = "#/missions/mis_tsha";
  });

  it("edits the header with the same form, prefilled", async () => {
    const calls = fakeBackend(missionHandlers(world()));
    render(App);
    await fireEvent.click(await screen.findByTestId("mission-edit"));
    expect(screen.getByTestId("mission-title-input")).toHaveValue("TSHA delegation to Wallonia");
    expect(screen.queryByTestId("mission-from")).not.toBeInTheDocument();
    await fill("mission-title-input", "TSHA in Wallonia");
    await fireEvent.click(screen.getByTestId("mission-form-save"));
    await vi.waitFor(() => expect(screen.getByTestId("mission-title")).toHaveTextContent("TSHA in Wallonia"));
    const input = callsOf(calls, "save_mission")[0].args!.input as Record<string, unknown>;
    expect(input.id).toBe("mis_tsha");
    expect(input.organisers).toEqual([{ organisationId: "org_awex", role: "organiser" }]);
    expect(input).not.toHaveProperty("fromMissionId");
  });

  it("gives the mission its title and objectives for the documents of another language, kept when edited again", async () => {
    const calls = fakeBackend(missionHandlers(world()));
    render(App);
    await fireEvent.click(await screen.findByTestId("mission-edit"));
    const box = screen.getByTestId("mission-wording");
    // None yet: folded; each language has the title and the objectives, the mission's own as
    // placeholders.
    expect(box).toHaveProperty("open", false);
    expect(within(box).getByTestId("mission-title-zh-TW")).toHaveAttribute("placeholder", "TSHA delegation to Wallonia");
    const objectives = within(box).getByTestId("mission-description-zh-TW");
    expect(objectives).toHaveAttribute("placeholder", "Make Taiwanese hospitals known in Wallonia.");
    expect(objectives.closest("label")).toHaveTextContent("Objectifs");
    await fill("mission-title-zh-TW", " 臺灣智慧醫療聯盟訪問團 ");
    await fill("mission-description-zh-TW", "讓瓦隆區認識臺灣醫院。");
    const reads = callsOf(calls, "get_mission").length;
    await fireEvent.click(screen.getByTestId("mission-form-save"));
    await vi.waitFor(() => expect(callsOf(calls, "save_mission")).toHaveLength(1));
    const input = callsOf(calls, "save_mission")[0].args!.input as Record<string, unknown>;
    expect(input.titles).toEqual({ zhTw: "臺灣智慧醫療聯盟訪問團" });
    expect(input.objectivesIn).toEqual({ zhTw: "讓瓦隆區認識臺灣醫院。" });
    // Opened again once the mission is read back: the title is there, unfolded.
    await vi.waitFor(() => expect(callsOf(calls, "get_mission").length).toBeGreaterThan(reads));
    await vi.waitFor(() => expect(screen.queryByTestId("mission-form")).toBeNull());
    await fireEvent.click(await screen.findByTestId("mission-edit"));
    const again = screen.getByTestId("mission-wording");
    expect(within(again).getByTestId("mission-title-zh-TW")).toHaveValue("臺灣智慧醫療聯盟訪問團");
    expect(within(again).getByTestId("mission-description-zh-TW")).toHaveValue("讓瓦隆區認識臺灣醫院。");
    expect(again).toHaveProperty("open", true);
  });

  it("archives and brings back", async () => {
    const calls = fakeBackend(missionHandlers(world()));
    render(App);
    const button = await screen.findByTestId("mission-archive");
    await vi.waitFor(() => expect(button).toHaveTextContent("Archiver"));
    await fireEvent.click(button);
    await vi.waitFor(() => expect(button).toHaveTextContent("Désarchiver"));
    expect(screen.getByTestId("mission-archived-badge")).toBeInTheDocument();
    await fireEvent.click(button);
    await vi.waitFor(() => expect(button).toHaveTextContent("Archiver"));
    expect(callsOf(calls, "set_mission_archived").map((c) => c.args)).toEqual([
      { input: { id: "mis_tsha", archived: true } },
      { input: { id: "mis_tsha", archived: false } },
    ]);
  });

  it("deletes after confirmation", async () => {
    fakeBackend(missionHandlers(world()));
    render(App);
    await fireEvent.click(await screen.findByTestId("mission-delete"));
    await fireEvent.click(screen.getByTestId("mission-delete-yes"));
    await vi.waitFor(() => expect(window.location.hash).toBe("#/missions"));
  });

  it("shows the conflict when outcomes exist and offers to archive instead", async () => {
    const w = world();
    w.withOutcomes.add("mis_tsha");
    const calls = fakeBackend(missionHandlers(w));
    render(App);
    await fireEvent.click(await screen.findByTestId("mission-delete"));
    await fireEvent.click(screen.getByTestId("mission-delete-yes"));
    const alert = await screen.findByTestId("api-error");
    expect(alert).toHaveAttribute("data-kind", "conflict");
    expect(alert).toHaveTextContent("archive it instead");
    await fireEvent.click(screen.getByTestId("mission-archive-instead"));
    expect(callsOf(calls, "set_mission_archived")[0].args).toEqual({ input: { id: "mis_tsha", archived: true } });
    expect(window.location.hash).toBe("#/missions/mis_tsha");
  });
});
