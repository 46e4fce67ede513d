import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import { appInfo, callsOf, emitStoreChanged, fakeBackend } from "../../test/backend";
import { missionSummaries } from "../../test/fixtures";

beforeEach(() => {
  window.location.hash = "#/missions";
});

describe("missions list", () => {
  it("renders one card per mission from list_missions", async () => {
    fakeBackend({ list_missions: () => missionSummaries });
    render(App);

    const all = await screen.findAllByTestId("mission-card");
    expect(all).toHaveLength(2);
    // Both are past: the most recent first.
    const cards = [all[1], all[0]];
    expect(cards[0]).toHaveTextContent("TSHA delegation to Wallonia");
    expect(cards[0]).toHaveAttribute("href", "#/missions/mis_tsha");
    expect(within(cards[0]).getByTestId("mission-dates")).toHaveTextContent("jeu. 26 – ven. 27 juin 2025");
    expect(cards[0]).toHaveTextContent("Taïwan → Belgique");
    expect(cards[0]).toHaveTextContent("12 délégués");
    expect(cards[0]).toHaveTextContent("2 sites");
    expect(cards[0]).toHaveTextContent("3 points au programme");
    expect(cards[1]).toHaveTextContent("1 délégué");
    expect(screen.queryByTestId("welcome-panel")).not.toBeInTheDocument();
  });

  it("refetches after a store-changed event", async () => {
    let missions = [missionSummaries[0]];
    fakeBackend({ list_missions: () => missions });
    render(App);
    expect(await screen.findAllByTestId("mission-card")).toHaveLength(1);

    missions = missionSummaries;
    await emitStoreChanged(["missions"]);
    await vi.waitFor(() => expect(screen.getAllByTestId("mission-card")).toHaveLength(2));
  });
});

describe("first launch", () => {
  it("shows the welcome panel and loads the demo mission", async () => {
    let loaded = false;
    const calls = fakeBackend({
      get_app_info: () => appInfo({ isEmpty: !loaded, locale: "en" }),
      list_missions: () => (loaded ? [missionSummaries[0]] : []),
      load_seed: () => {
        loaded = true;
        return { seed: "taiwan-wallonia-2025", created: 42, updated: 0, unchanged: 0 };
      },
    });
    render(App);

    const panel = await screen.findByTestId("welcome-panel");
    expect(panel).toHaveTextContent("Welcome to Passerelle");
    expect(screen.queryByTestId("mission-card")).not.toBeInTheDocument();
    const button = within(panel).getByTestId("load-demo");
    expect(button).toHaveTextContent("Load the demo mission");
    expect(within(panel).getByTestId("load-directory")).toBeInTheDocument();

    await userEvent.click(button);

    const seeds = callsOf(calls, "load_seed");
    expect(seeds).toHaveLength(1);
    expect(seeds[0].args).toEqual({ input: { name: "taiwan-wallonia-2025" } });

    expect(await screen.findAllByTestId("mission-card")).toHaveLength(1);
    await vi.waitFor(() => expect(screen.queryByTestId("welcome-panel")).not.toBeInTheDocument());
  });

  it("loads the Belgian e-health directory with the secondary button", async () => {
    const calls = fakeBackend({
      get_app_info: () => appInfo({ isEmpty: true }),
      load_seed: () => ({ seed: "belgian-ehealth", created: 30, updated: 0, unchanged: 0 }),
    });
    render(App);
    await userEvent.click(await screen.findByTestId("load-directory"));
    expect(callsOf(calls, "load_seed")[0].args).toEqual({ input: { name: "belgian-ehealth" } });
  });

  it("shows a load failure inline, never as an alert", async () => {
    const alert = vi.spyOn(window, "alert").mockImplementation(() => {});
    fakeBackend({
      get_app_info: () => appInfo({ isEmpty: true, locale: "en" }),
      load_seed: () => {
        throw { kind: "conflict", message: "The demo mission was edited; refusing to overwrite.", field: null };
      },
    });
    render(App);
    await userEvent.click(await screen.findByTestId("load-demo"));

    const error = await within(screen.getByTestId("welcome-panel")).findByRole("alert");
    expect(error).toHaveTextContent("Conflict");
    expect(error).toHaveTextContent("The demo mission was edited; refusing to overwrite.");
    expect(error).toHaveAttribute("data-kind", "conflict");
    expect(alert).not.toHaveBeenCalled();
    alert.mockRestore();
  });
});
