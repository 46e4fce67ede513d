import { describe, expect, it } from "vitest";
import { TIME_ZONES } from "../test/backend";
import { firstZoneOf } from "./zones";

describe("the zone a country prefills", () => {
  it("is the country's main zone, not the first by name", () => {
    expect(firstZoneOf(TIME_ZONES, "US")).toBe("America/New_York");
    expect(firstZoneOf(TIME_ZONES, "be")).toBe("Europe/Brussels");
  });
  it("is nothing for an unknown or empty country", () => {
    expect(firstZoneOf(TIME_ZONES, "ZZ")).toBeNull();
    expect(firstZoneOf(TIME_ZONES, "")).toBeNull();
  });
  it("falls back to the first zone of the country when none is marked main", () => {
    const zones = TIME_ZONES.map((z) => ({ ...z, primary: false }));
    expect(firstZoneOf(zones, "US")).toBe("America/Adak");
  });
});
