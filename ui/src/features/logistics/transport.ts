// The mission's vehicles as the window shows them and the draft their form edits (seats typed
// as text: the core refuses 0 or a word beside the field).
import type { AgendaItem, Vehicle, VehicleInput, VehicleKind } from "../../lib/bindings";

export const VEHICLE_KINDS: VehicleKind[] = ["coach", "minibus", "car"];

export type VehicleDraft = {
  id: string | null;
  name: string;
  kind: VehicleKind;
  seats: string;
  driver: string;
  companyId: string | null;
  phone: string;
};

export function vehicleDraft(v: Vehicle | null): VehicleDraft {
  if (v) {
    return {
      id: v.id,
      name: v.name,
      kind: v.kind,
      seats: String(v.seats),
      driver: v.driver ?? "",
      companyId: v.company?.id ?? null,
      phone: v.phone ?? "",
    };
  }
  return { id: null, name: "", kind: "coach", seats: "", driver: "", companyId: null, phone: "" };
}

export function vehicleInput(d: VehicleDraft, missionId: string): VehicleInput {
  return {
    ...(d.id ? { id: d.id } : {}),
    missionId,
    name: d.name,
    kind: d.kind,
    seats: d.seats,
    driver: d.driver.trim() || undefined,
    companyId: d.companyId || undefined,
    phone: d.phone.trim() || undefined,
  };
}

/** A transfer's line on its card and in the day view: "from → to · vehicle" (what is known). */
export function transferRoute(item: AgendaItem): string {
  const route = [item.fromSite?.name, item.site?.name].filter(Boolean).join(" → ");
  return [route, item.vehicle?.name].filter(Boolean).join(" · ");
}
