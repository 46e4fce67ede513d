import { render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { MeetingRequest } from "../../lib/bindings";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { fakeBackend } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";
import Requests from "./Requests.svelte";

afterEach(() => applyLocale("en"));

const placed: MeetingRequest = {
  id: "req_1",
  missionId: missionDetail.mission.id,
  title: null,
  priority: "must",
  status: "requested",
  origin: "planner",
  explanation: null,
  notes: null,
  participants: [
    { id: missionDetail.delegation[0].contact.id, name: missionDetail.delegation[0].contact.displayName },
    { id: "con_other", name: "Claire Dupont" },
  ],
  sites: [],
  itemId: "itm_1",
  itemStatus: "proposed",
  // 12:30 UTC: 14:30 in Brussels, the mission's host zone.
  itemStart: "2025-06-26T12:30:00Z",
  itemSite: "CHU de Liège",
};

describe("requests tab", () => {
  it("shows a placed meeting's time in the mission's host zone, whatever the computer's zone", async () => {
    expect(missionDetail.mission.hostTz).toBe("Europe/Brussels");
    applyLocale("fr");
    fakeBackend({ list_requests: () => [placed], list_suggestions: () => [] });
    render(Requests, { props: { detail: missionDetail } });
    const start = await screen.findByTestId("request-start");
    expect(start.textContent?.replace(/\s/g, " ")).toBe("jeu. 26 juin 2025, 14:30");
  });
});
