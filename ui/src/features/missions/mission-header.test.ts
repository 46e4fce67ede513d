import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import { fakeBackend } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";

beforeEach(() => {
  window.location.hash = "#/missions/mis_tsha";
});

describe("mission header", () => {
  it("shows the overview on arrival, folds to one line in another tab, and unfolds on demand", async () => {
    fakeBackend({ get_mission: () => missionDetail, list_requests: () => [], list_suggestions: () => [] });
    render(App);
    const header = await screen.findByTestId("mission-header");
    expect(header).toHaveAttribute("data-folded", "false");
    expect(header).toHaveTextContent("AWEX");

    const main = document.querySelector("main") as HTMLElement;
    main.scrollTop = 400;
    await userEvent.click(screen.getByTestId("tab-delegation"));
    await screen.findByTestId("mission-header-unfold");
    expect(screen.getByTestId("mission-header")).toHaveAttribute("data-folded", "true");
    expect(screen.getByTestId("mission-header")).not.toHaveTextContent("AWEX");
    expect(screen.getByTestId("mission-title")).toHaveTextContent(missionDetail.mission.title);
    // A tab switch is not a new page: the scroll position is not reset to the top.
    expect(main.scrollTop).toBe(400);

    await userEvent.click(screen.getByTestId("mission-header-unfold"));
    expect(screen.getByTestId("mission-header")).toHaveTextContent("AWEX");
    await userEvent.click(screen.getByTestId("mission-header-fold"));
    expect(screen.getByTestId("mission-header")).toHaveAttribute("data-folded", "true");
  });

  it("opens folded on a link straight to another tab, whose work comes first", async () => {
    window.location.hash = "#/missions/mis_tsha/delegation";
    fakeBackend({ get_mission: () => missionDetail, list_requests: () => [], list_suggestions: () => [] });
    render(App);
    await screen.findByTestId("mission-header-unfold");
    expect(screen.getByTestId("mission-header")).toHaveAttribute("data-folded", "true");
    expect(screen.getByTestId("mission-title")).toHaveTextContent(missionDetail.mission.title);
  });

  it("keeps Share and Receive on the Exchanges tab, once, with the header folded", async () => {
    fakeBackend({
      get_mission: () => missionDetail,
      list_requests: () => [],
      list_suggestions: () => [],
      list_sync_conflicts: () => [],
      list_exchanges: () => [],
    });
    render(App);
    await screen.findByTestId("mission-header");
    expect(screen.getAllByTestId("sync-share")).toHaveLength(1);
    await userEvent.click(screen.getByTestId("tab-sync"));
    await screen.findByTestId("sync-panel");
    expect(screen.getByTestId("mission-header")).toHaveAttribute("data-folded", "true");
    expect(screen.getAllByTestId("sync-share")).toHaveLength(1);
    expect(screen.getByTestId("sync-panel")).toContainElement(screen.getByTestId("sync-receive"));
  });
});
