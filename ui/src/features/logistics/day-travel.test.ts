import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { TravelLeg } from "../../lib/bindings";
import { applyLocale } from "../../lib/i18n/index.svelte";
import DayTravel from "./DayTravel.svelte";
import { travelGroups } from "./logistics";

const leg = (n: number, kind: "arrival" | "departure", at: string, place: string, reference: string | null): TravelLeg => ({
  id: `trv_${n}`,
  missionId: "mis_x",
  contact: { id: `con_${n}`, name: `Delegate ${n}` },
  kind,
  mode: "flight",
  at,
  tz: "Europe/Brussels",
  place,
  reference,
});

// Eleven on the morning train, one on the late flight, two leaving the next day.
const legs: TravelLeg[] = [
  ...Array.from({ length: 11 }, (_, i) => leg(i + 1, "arrival", "2025-06-26T07:40:00+02:00", "Bruxelles-Midi", "TR 123")),
  leg(12, "arrival", "2025-06-26T09:40:00Z", "Brussels Airport (BRU)", "BR 65"),
  leg(13, "departure", "2025-06-27T18:05:00+02:00", "Brussels Airport (BRU)", "BR 66"),
  leg(14, "departure", "2025-06-27T18:05:00+02:00", "Brussels Airport (BRU)", "BR 66"),
];

describe("the day's arrivals and departures", () => {
  afterEach(() => applyLocale("en"));

  it("are grouped by time, place and flight, in time order, on their host day only", () => {
    const first = travelGroups(legs, "2025-06-26", "Europe/Brussels", "en");
    expect(first.map((g) => [g.kind, g.time, g.place, g.reference, g.people.length])).toEqual([
      ["arrival", "07:40", "Bruxelles-Midi", "TR 123", 11],
      ["arrival", "11:40", "Brussels Airport (BRU)", "BR 65", 1],
    ]);
    // Names in natural order: "Delegate 2" before "Delegate 10".
    expect(first[0].people.slice(0, 3)).toEqual(["Delegate 1", "Delegate 2", "Delegate 3"]);
    const second = travelGroups(legs, "2025-06-27", "Europe/Brussels", "en");
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ kind: "departure", time: "18:05", people: ["Delegate 13", "Delegate 14"] });
    expect(travelGroups(legs, "2025-06-28", "Europe/Brussels", "en")).toEqual([]);
  });

  it("show one line per group in the planner's language, the names under a disclosure the keyboard opens", async () => {
    applyLocale("fr");
    render(DayTravel, { legs, day: "2025-06-26", hostTz: "Europe/Brussels" });
    const region = screen.getByRole("region", { name: "Arrivées et départs du jour" });
    const lines = within(region).getAllByTestId("day-travel-group");
    expect(lines).toHaveLength(2);
    expect(lines[0].textContent).toContain("07:40");
    expect(lines[0].textContent).toContain("11 personnes arrivent à Bruxelles-Midi\u00a0· TR 123");
    expect(lines[1].textContent).toContain("1 personne arrive à Brussels Airport (BRU)\u00a0· BR 65");
    const names = within(lines[1]).getByTestId("day-travel-names");
    expect(names).not.toBeVisible();
    await userEvent.tab();
    expect(document.activeElement?.tagName).toBe("SUMMARY");
    await userEvent.tab();
    expect(document.activeElement).toBe(lines[1].querySelector("summary"));
    // (jsdom does not open a disclosure on Enter; the window does: tests/e2e/transport.test.mjs.)
    await userEvent.click(lines[1].querySelector("summary")!);
    expect(lines[1].querySelector("details")?.open).toBe(true);
    expect(names.textContent).toBe("Delegate 12");
  });

  it("show nothing on a day without travel", () => {
    render(DayTravel, { legs, day: "2025-06-28", hostTz: "Europe/Brussels" });
    expect(screen.queryByTestId("day-travel")).toBeNull();
  });

  it("read in Chinese", () => {
    applyLocale("zh-TW");
    render(DayTravel, { legs, day: "2025-06-27", hostTz: "Europe/Brussels" });
    expect(screen.getByTestId("day-travel-text").textContent).toContain("2 人從 Brussels Airport (BRU) 離開");
  });
});
