import { describe, expect, it } from "vitest";
import { href, parseHash, sectionOf } from "./router.svelte";

describe("hash routes", () => {
  it("parses every screen", () => {
    expect(parseHash("")).toEqual({ name: "missions" });
    expect(parseHash("#/missions")).toEqual({ name: "missions" });
    expect(parseHash("#/missions/mis_1")).toEqual({ name: "mission", id: "mis_1", tab: "programme" });
    expect(parseHash("#/missions/mis_1/sites")).toEqual({ name: "mission", id: "mis_1", tab: "sites" });
    expect(parseHash("#/organisations")).toEqual({ name: "organisations" });
    expect(parseHash("#/organisations/org_awex")).toEqual({ name: "organisation", id: "org_awex" });
    expect(parseHash("#/contacts/con_x")).toEqual({ name: "contact", id: "con_x" });
    expect(parseHash("#/technologies/tec_y")).toEqual({ name: "technology", id: "tec_y" });
    expect(parseHash("#/missions/mis_1/nope").name).toBe("notFound");
    expect(parseHash("#/elsewhere").name).toBe("notFound");
  });

  it("round-trips ids that need encoding", () => {
    const id = "org/with space&é";
    expect(parseHash(href.organisation(id))).toEqual({ name: "organisation", id });
    expect(parseHash(href.mission(id, "followups"))).toEqual({ name: "mission", id, tab: "followups" });
    expect(href.mission("m")).toBe("#/missions/m");
  });

  it("knows which sidebar entry is current", () => {
    expect(sectionOf(parseHash("#/missions/m/sites"))).toBe("missions");
    expect(sectionOf(parseHash("#/contacts/c"))).toBe("contacts");
    expect(sectionOf(parseHash("#/zzz"))).toBeNull();
  });
});
