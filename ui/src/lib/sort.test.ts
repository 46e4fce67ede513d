import { describe, expect, it } from "vitest";
import { comparePeople, sortNatural, sortPeople, splitName } from "./sort";

describe("natural order", () => {
  it("puts Delegate 2 before Delegate 10, ignoring case and accents", () => {
    const names = ["Delegate 10", "Delegate 2", "delegate 1", "Élise", "Emma", "Zoé"];
    expect(sortNatural(names, "fr-BE", (x) => x)).toEqual(["delegate 1", "Delegate 2", "Delegate 10", "Élise", "Emma", "Zoé"]);
    expect(sortNatural(["Salle 12", "Salle 3", "Salle 1B", "Salle 1A"], "en-GB", (x) => x)).toEqual([
      "Salle 1A",
      "Salle 1B",
      "Salle 3",
      "Salle 12",
    ]);
  });
});

describe("people by family name", () => {
  it("reads the family name from a display name", () => {
    expect(splitName("Claire Dupont")).toEqual({ given: "Claire", family: "Dupont" });
    expect(splitName("Jan Van den Berg")).toEqual({ given: "Jan", family: "Van den Berg" });
    expect(splitName("Marie-Claire de Smet")).toEqual({ given: "Marie-Claire", family: "de Smet" });
    expect(splitName("林美玲")).toEqual({ given: "美玲", family: "林" });
    expect(splitName("Madonna")).toEqual({ given: "", family: "Madonna" });
  });

  it("sorts by family name, then given name, naturally", () => {
    const people = ["Zoé Adam", "Anne Zimmer", "Luc Dupont", "Claire Dupont", "Jan Van den Berg", "Émile Bernard", "Delegate 10", "Delegate 2"];
    expect(sortPeople(people, "fr-BE", (x) => x)).toEqual([
      "Zoé Adam",
      "Émile Bernard",
      "Delegate 2",
      "Delegate 10",
      "Claire Dupont",
      "Luc Dupont",
      "Jan Van den Berg",
      "Anne Zimmer",
    ]);
    expect(comparePeople("en-GB", { given: "Ana", family: "Ortiz" }, "Bob Ortiz")).toBeLessThan(0);
  });
});
