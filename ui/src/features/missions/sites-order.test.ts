import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { MissionDetail } from "../../lib/bindings";
import { fakeBackend } from "../../test/backend";
import { missionDetail, programmeState } from "../../test/fixtures";
import Sites from "./Sites.svelte";

describe("sites tab", () => {
  it("lists sites and rooms in natural order", async () => {
    fakeBackend({
      get_programme_state: () => programmeState(),
    });
    const [site] = missionDetail.sites;
    const detail = {
      ...missionDetail,
      sites: [
        { ...site, id: "sit_10", name: "Site 10", rooms: [] },
        {
          ...site,
          id: "sit_2",
          name: "Site 2",
          rooms: [
            { ...site.rooms[0], id: "roo_10", name: "Salle 10" },
            { ...site.rooms[0], id: "roo_2", name: "Salle 2" },
          ],
        },
      ],
    } as MissionDetail;
    render(Sites, { props: { detail } });
    const cards = await screen.findAllByTestId("site-card");
    expect(cards.map((c) => c.querySelector("h3")?.textContent)).toEqual(["Site 2", "Site 10"]);
    expect([...cards[0].querySelectorAll("tbody td:first-child")].map((td) => td.textContent)).toEqual(["Salle 2", "Salle 10"]);
  });
});
