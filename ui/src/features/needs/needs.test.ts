import { describe, expect, it } from "vitest";
import type { DelegationMember, MissionNeeds } from "../../lib/bindings";
import { DIETS, needsDraft, needsInput, needsText, rowsOf, toggled } from "./needs";

const member = (id: string) => ({ id: `mem_${id}`, contact: { id, displayName: id } }) as unknown as DelegationMember;
const data: MissionNeeds = {
  missionId: "mis_x",
  retentionDays: 30,
  erasedOn: "2025-07-27",
  needs: [
    {
      id: "ned_1",
      contact: { id: "con_a", name: "A" },
      diets: ["vegetarian", "other"],
      dietOther: "no raw fish",
      access: ["wheelchair"],
      accessOther: null,
      consentBy: "A",
      consentOn: "2025-06-01",
      consentHow: "form",
    },
  ],
};

describe("needs", () => {
  it("puts each member's needs on their row", () => {
    const rows = rowsOf([member("con_a"), member("con_b")], data);
    expect(rows[0].needs?.id).toBe("ned_1");
    expect(rows[1].needs).toBeNull();
  });

  it("says the needs with the other diet's words", () => {
    expect(needsText(data.needs[0], (k) => k, "en-GB")).toBe("diet.vegetarian, diet.other (no raw fish), access.wheelchair");
  });

  it("starts a new draft without consent, given by the person today", () => {
    const d = needsDraft(null, "con_b", "B", "2026-12-05");
    expect(d.consent).toBe(false);
    expect(needsInput(d, "mis_x")).toEqual({
      missionId: "mis_x",
      contactId: "con_b",
      diets: [],
      dietOther: undefined,
      access: [],
      accessOther: undefined,
      consent: false,
      consentBy: "B",
      consentOn: "2026-12-05",
      consentHow: undefined,
    });
    const kept = needsDraft(data.needs[0], "con_a", "A", "2026-12-05");
    expect(kept.consent).toBe(true);
    expect(needsInput(kept, "mis_x").dietOther).toBe("no raw fish");
  });

  it("keeps the choices in the list's order", () => {
    expect(toggled(["halal"], "vegan", true, DIETS)).toEqual(["vegan", "halal"]);
    expect(toggled(["vegan", "halal"], "vegan", false, DIETS)).toEqual(["halal"]);
  });
});
