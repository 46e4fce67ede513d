import { describe, expect, it } from "vitest";
import type { DelegationMember, MissionLogistics } from "../../lib/bindings";
import { rowsOf, stayDraft, stayInput, travelDraft, travelInput, travelText } from "./logistics";

const member = (id: string) => ({ id: `mem_${id}`, contact: { id, displayName: id } }) as unknown as DelegationMember;
const mission = { startDate: "2025-06-26", endDate: "2025-06-27", hostTz: "Europe/Brussels" };
const logistics: MissionLogistics = {
  missionId: "mis_x",
  travel: [
    {
      id: "trv_1",
      missionId: "mis_x",
      contact: { id: "con_a", name: "A" },
      kind: "arrival",
      mode: "flight",
      at: "2025-06-26T11:40:00+02:00",
      tz: "Europe/Brussels",
      place: "BRU",
      reference: "BR 65",
    },
  ],
  stays: [
    {
      id: "sty_1",
      missionId: "mis_x",
      contact: { id: "con_a", name: "A" },
      hotel: { id: "org_h", name: "Crowne Plaza" },
      checkIn: "2025-06-26",
      checkOut: "2025-06-28",
      nights: 2,
      roomType: "twin",
      sharingWith: { id: "con_b", name: "B" },
      reference: null,
    },
  ],
};

describe("logistics", () => {
  it("puts each member's legs and stays on their row", () => {
    const rows = rowsOf([member("con_a"), member("con_b")], logistics);
    expect(rows[0].arrival?.id).toBe("trv_1");
    expect(rows[0].departure).toBeNull();
    expect(rows[0].stays.map((s) => s.id)).toEqual(["sty_1"]);
    expect(rows[1].arrival).toBeNull();
    expect(rows[1].stays).toEqual([]);
  });

  it("shows a leg in its zone, in the language, on the 24-hour clock", () => {
    const fr = travelText(logistics.travel[0], "fr-BE");
    expect(fr).toContain("11:40");
    expect(fr).toContain("juin");
    expect(fr).toContain("BRU · BR 65");
    expect(travelText(logistics.travel[0], "zh-TW")).toContain("11:40");
  });

  it("edits a leg as a wall-clock time in the host zone and sends it back so", () => {
    const draft = travelDraft(logistics.travel[0], "con_a", "arrival", mission);
    expect([draft.date, draft.time]).toEqual(["2025-06-26", "11:40"]);
    expect(travelInput({ ...draft, time: "12:05", reference: " " }, "mis_x")).toEqual({
      id: "trv_1",
      missionId: "mis_x",
      contactId: "con_a",
      kind: "arrival",
      mode: "flight",
      at: "2025-06-26T12:05",
      place: "BRU",
      reference: undefined,
    });
    const fresh = travelDraft(null, "con_b", "departure", mission, "BRU");
    expect([fresh.id, fresh.date, fresh.place]).toEqual([null, "2025-06-27", "BRU"]);
  });

  it("drafts a new stay over the mission's nights and keeps the room shared", () => {
    const fresh = stayDraft(null, "con_b", mission, "org_h");
    expect(stayInput(fresh, "mis_x")).toMatchObject({
      contactId: "con_b",
      hotelId: "org_h",
      checkIn: "2025-06-26",
      checkOut: "2025-06-27",
      roomType: "single",
      sharingWith: undefined,
    });
    const kept = stayInput(stayDraft(logistics.stays[0], "con_a", mission), "mis_x");
    expect(kept).toMatchObject({ id: "sty_1", roomType: "twin", sharingWith: "con_b" });
  });
});
