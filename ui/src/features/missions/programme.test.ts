import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import { appInfo, callsOf, fakeBackend } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";
import { zonedRange } from "../../lib/format";

beforeEach(() => {
  window.location.hash = "#/missions/mis_tsha";
});

describe("programme", () => {
  it("asks get_mission for the id in the route, wrapped in `input`", async () => {
    const calls = fakeBackend({ get_mission: () => missionDetail });
    render(App);
    await screen.findAllByTestId("agenda-day");
    expect(callsOf(calls, "get_mission")[0].args).toEqual({ input: { id: "mis_tsha" } });
  });

  it("renders one section per day with the full date in the current locale", async () => {
    fakeBackend({ get_mission: () => missionDetail });
    render(App);

    const days = await screen.findAllByTestId("agenda-day");
    expect(days).toHaveLength(2);
    expect(days.map((d) => d.getAttribute("data-date"))).toEqual(["2025-06-26", "2025-06-27"]);
    expect(within(days[0]).getByRole("heading", { level: 3 })).toHaveTextContent("jeudi 26 juin 2025");
    expect(within(days[1]).getByRole("heading", { level: 3 })).toHaveTextContent("vendredi 27 juin 2025");
    expect(within(days[0]).getAllByTestId("agenda-item")).toHaveLength(1);
    expect(within(days[1]).getAllByTestId("agenda-item")).toHaveLength(2);
  });

  it("shows host times with the delegation's home time beside them", async () => {
    fakeBackend({ get_mission: () => missionDetail });
    render(App);

    const [first] = await screen.findAllByTestId("agenda-item");
    expect(within(first).getByTestId("host-time")).toHaveTextContent(/^18:00–20:00$/);
    const home = within(first).getByTestId("home-time");
    expect(home).toHaveTextContent("Taipei 00:00–02:00 +1");
    expect(first).toHaveTextContent("Taiwanese medical AI presentations");
    expect(first).toHaveTextContent("Hôpital civil Marie Curie · Auditorium");
    expect(first).toHaveTextContent("Cardiology track");
    expect(within(first).getByTestId("kind-label")).toHaveTextContent("Présentation");
    expect(within(first).getByTestId("tentative-badge")).toHaveTextContent("À confirmer");
    expect(within(first).getByTestId("technology-chip")).toHaveAttribute("href", "#/technologies/tec_ecg");
    expect(within(first).getByTestId("department-chip")).toHaveTextContent("Cardiologie");
    expect(first).toHaveTextContent("2 participants");

    // Confirmed items carry no "to be confirmed" badge; a same-day home time has no +1.
    const visit = screen.getAllByTestId("agenda-item")[1];
    expect(within(visit).queryByTestId("tentative-badge")).not.toBeInTheDocument();
    expect(within(visit).getByTestId("home-time")).toHaveTextContent(/^Taipei 20:00–21:00$/);
  });

  it("lists availability windows in the host zone", async () => {
    fakeBackend({ get_mission: () => missionDetail });
    render(App);
    const box = await screen.findByTestId("availability");
    expect(box).toHaveTextContent("Disponibilités");
    expect(box).toHaveTextContent("ven. 27 juin · 14:00–15:00");
    expect(within(box).getByText("Prof. Philippe Olivier")).toHaveAttribute("href", "#/contacts/con_olivier");
  });

  it("switches tabs through the URL and lists the delegation by subgroup", async () => {
    fakeBackend({ get_mission: () => missionDetail });
    render(App);
    await screen.findAllByTestId("agenda-day");

    await userEvent.click(screen.getByTestId("tab-delegation"));
    expect(window.location.hash).toBe("#/missions/mis_tsha/delegation");
    const groups = await screen.findAllByTestId("delegation-group");
    expect(groups).toHaveLength(2);
    expect(groups[0]).toHaveTextContent("Cardiology track");
    expect(groups[0]).toHaveTextContent("Delegate 1 — cardiology");
    expect(groups[0]).toHaveTextContent("代表一");
    expect(within(groups[0]).getByTestId("placeholder-badge")).toBeInTheDocument();
    expect(groups[1]).toHaveTextContent("Toute la délégation");
    expect(within(groups[1]).queryByTestId("placeholder-badge")).not.toBeInTheDocument();
    expect(screen.queryByTestId("agenda-day")).not.toBeInTheDocument();
  });

  it("shows an ApiError inline where the page was loading", async () => {
    fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      get_mission: () => {
        throw { kind: "notFound", message: "No mission with id mis_tsha.", field: "id" };
      },
    });
    render(App);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Not found");
    expect(alert).toHaveTextContent("No mission with id mis_tsha.");
    expect(alert).toHaveTextContent("Field: id");
    expect(within(alert).getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});

describe("zonedRange", () => {
  it("formats 18:00+02:00 as 18:00 in Brussels and 00:00 (+1) in Taipei", () => {
    const brussels = zonedRange("fr-BE", "2025-06-26T18:00:00+02:00", "2025-06-26T20:00:00+02:00", "Europe/Brussels", "2025-06-26");
    expect(brussels).toMatchObject({ start: "18:00", end: "20:00", text: "18:00–20:00", dayOffset: 0, endOffset: 0 });
    const taipei = zonedRange("fr-BE", "2025-06-26T18:00:00+02:00", "2025-06-26T20:00:00+02:00", "Asia/Taipei", "2025-06-26");
    expect(taipei).toMatchObject({ start: "00:00", end: "02:00", dayOffset: 1, endOffset: 0 });
  });

  it("flags an item that runs past midnight", () => {
    const late = zonedRange("en-GB", "2025-06-26T23:00:00+02:00", "2025-06-27T01:00:00+02:00", "Europe/Brussels", "2025-06-26");
    expect(late).toMatchObject({ text: "23:00–01:00", dayOffset: 0, endOffset: 1 });
  });
});
