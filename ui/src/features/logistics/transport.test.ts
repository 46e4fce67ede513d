import { describe, expect, it } from "vitest";
import type { AgendaItem, Vehicle } from "../../lib/bindings";
import { transferRoute, vehicleDraft, vehicleInput } from "./transport";

const coach: Vehicle = {
  id: "veh_1",
  missionId: "mis_x",
  name: "Coach 1",
  kind: "coach",
  seats: 14,
  driver: "Marc Dubois",
  company: { id: "org_bus", name: "Voyages Léonard" },
  phone: "+32 475 12 34 56",
};

describe("vehicles", () => {
  it("edits a vehicle with its seats as typed text and sends blanks as absent", () => {
    const draft = vehicleDraft(coach);
    expect(draft.seats).toBe("14");
    expect(vehicleInput({ ...draft, seats: "16", driver: " " }, "mis_x")).toEqual({
      id: "veh_1",
      missionId: "mis_x",
      name: "Coach 1",
      kind: "coach",
      seats: "16",
      driver: undefined,
      companyId: "org_bus",
      phone: "+32 475 12 34 56",
    });
  });

  it("drafts a new coach with no seats typed (the core asks for them)", () => {
    const fresh = vehicleInput(vehicleDraft(null), "mis_x");
    expect(fresh).toMatchObject({ kind: "coach", seats: "", companyId: undefined });
    expect(fresh).not.toHaveProperty("id");
  });
});

describe("a transfer's route", () => {
  it("reads from → to · vehicle, with what is known", () => {
    const item = {
      kind: "transfer",
      fromSite: { id: "sit_a", name: "Marie Curie" },
      site: { id: "sit_b", name: "Mont Légia" },
      vehicle: { id: "veh_1", name: "Coach 1" },
    } as AgendaItem;
    expect(transferRoute(item)).toBe("Marie Curie → Mont Légia · Coach 1");
    expect(transferRoute({ ...item, fromSite: null, vehicle: null })).toBe("Mont Légia");
  });
});
