import { render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import type { TravelTime } from "../../lib/bindings";
import { fakeBackend, missionHandlers, missionWorld } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";

beforeEach(() => {
  window.location.hash = "#/missions/mis_tsha/sites";
});

describe("travel matrix", () => {
  it("says a journey beyond the road limit is a flight the planner sets, and shows road estimates", async () => {
    const world = missionWorld([missionDetail]);
    world.missions[0].sites.push({ ...structuredClone(world.missions[0].sites[0]), id: "sit_tokyo", name: "Bureau de Tokyo", rooms: [] });
    const travel: TravelTime[] = [
      { fromSiteId: "sit_marie_curie", toSiteId: "sit_tokyo", entered: null, estimated: null, flight: true },
      { fromSiteId: "sit_tokyo", toSiteId: "sit_marie_curie", entered: 840, estimated: null, flight: true },
      { fromSiteId: "sit_marie_curie", toSiteId: "sit_legia", entered: null, estimated: 75, flight: false },
      { fromSiteId: "sit_legia", toSiteId: "sit_marie_curie", entered: null, estimated: null, flight: false },
    ];
    const handlers = missionHandlers(world);
    const base = handlers.get_programme_state;
    fakeBackend({ ...handlers, get_programme_state: (input) => ({ ...(base(input) as object), travel }) });
    render(App);
    const matrix = await screen.findByTestId("travel-matrix");
    const notes = within(matrix).getAllByTestId("travel-note").map((n) => n.textContent?.trim());
    expect(notes).toEqual([
      "vol — durée à saisir par l’organisateur",
      "vol — durée à saisir par l’organisateur",
      "estimé à 75 min d’après la carte",
      "",
    ]);
    // The planner's figure for the flight is in its field.
    expect(within(matrix).getAllByRole("spinbutton")[1]).toHaveValue(840);
  });
});
