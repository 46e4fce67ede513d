import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import App from "../App.svelte";
import type { ContactDetail, OrganisationDetail, OrganisationSummary, TechnologyDetail } from "../lib/bindings";
import { appInfo, callsOf, fakeBackend } from "../test/backend";

function organisations(n: number): OrganisationSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `org_${i}`,
    name: i === 1234 ? "CHC Mont Légia" : `Organisation ${String(i).padStart(4, "0")}`,
    shortName: null,
    kind: i % 2 === 0 ? "hospital" : "company",
    city: i === 1234 ? "Liège" : "Namur",
    country: "BE",
    placeholder: i % 10 === 0,
    departmentCount: 0,
    contactCount: 1,
  }));
}

describe("organisations", () => {
  it("renders a window of a long list and filters as you type, ignoring accents", async () => {
    window.location.hash = "#/organisations";
    fakeBackend({ get_app_info: () => appInfo({ locale: "en" }), list_organisations: () => organisations(5000) });
    render(App);

    const rows = await screen.findAllByTestId("organisation-row");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(100); // windowed, not 5,000 rows in the DOM
    expect(screen.getByText("5,000 of 5,000")).toBeInTheDocument();
    expect(within(rows[0]).getByTestId("placeholder-badge")).toHaveTextContent("Placeholder");

    await userEvent.type(screen.getByTestId("filter"), "mont legia");
    const filtered = screen.getAllByTestId("organisation-row");
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toHaveTextContent("CHC Mont Légia");
    expect(filtered[0]).toHaveTextContent("Hospital · Liège, Belgium");
    expect(filtered[0]).toHaveAttribute("href", "#/organisations/org_1234");
  });

  it("filters by kind", async () => {
    window.location.hash = "#/organisations";
    fakeBackend({ get_app_info: () => appInfo({ locale: "en" }), list_organisations: () => organisations(40) });
    render(App);
    await screen.findAllByTestId("organisation-row");
    await userEvent.selectOptions(screen.getByTestId("kind-filter"), "company");
    expect(screen.getByText("20 of 40")).toBeInTheDocument();
    for (const row of screen.getAllByTestId("organisation-row")) expect(row).toHaveTextContent("Company");
  });

  it("shows an organisation with its departments, contacts, technologies, members and parent", async () => {
    window.location.hash = "#/organisations/org_chu";
    const detail: OrganisationDetail = {
      organisation: {
        id: "org_chu",
        name: "CHU de Charleroi-Chimay",
        shortName: null,
        kind: "hospital",
        parentId: "org_net",
        address: null,
        postalCode: "6000",
        city: "Charleroi",
        country: "BE",
        latitude: null,
        longitude: null,
        tz: "Europe/Brussels",
        website: null,
        notes: null,
        placeholder: false,
      },
      parent: { id: "org_net", name: "Hospital network" },
      members: [],
      departments: [{ id: "dep_1", organisationId: "org_chu", name: "Cardiologie", specialty: "cardiology" }],
      contacts: [
        { id: "con_1", displayName: "Dr. Maxime Rossi", nativeName: null, title: "Dr.", role: "Directeur innovation", organisation: null, specialties: [], tags: [], placeholder: false },
      ],
      technologies: [],
    };
    const calls = fakeBackend({ get_app_info: () => appInfo({ locale: "fr" }), get_organisation: () => detail });
    render(App);
    expect(await screen.findByTestId("organisation-name")).toHaveTextContent("CHU de Charleroi-Chimay");
    expect(callsOf(calls, "get_organisation")[0].args).toEqual({ input: { id: "org_chu" } });
    expect(screen.getByText("Hospital network").closest("a")).toHaveAttribute("href", "#/organisations/org_net");
    expect(screen.getByTestId("department")).toHaveTextContent("Cardiologie");
    expect(screen.getByText("Dr. Maxime Rossi").closest("a")).toHaveAttribute("href", "#/contacts/con_1");
    expect(screen.getByText("Aucune technologie enregistrée.")).toBeInTheDocument();
  });
});

const linDetail: ContactDetail = {
  contact: {
    id: "con_lin",
    givenName: "Mei-Ling",
    familyName: "Lin",
    nativeName: "林美玲",
    title: "Dr.",
    role: "Cardiologist",
    organisationId: "org_tw",
    departmentId: null,
    email: null,
    phone: null,
    languages: ["zh-Hant", "en"],
    specialties: ["cardiology"],
    tags: [],
    notes: null,
    placeholder: true,
    privacy: { lawfulBasis: "legitimate_interests", source: "TSHA delegation list", collectedOn: "2025-06-01", consentEvidence: null, doNotContact: false, reviewOn: null },
  },
  organisation: { id: "org_tw", name: "Taiwanese hospital" },
  department: null,
  missions: [{ mission: { id: "mis_tsha", name: "TSHA in Wallonia" }, role: "delegate" }],
};

describe("contacts", () => {
  it("shows Latin and native names, the organisation and the privacy record", async () => {
    window.location.hash = "#/contacts/con_lin";
    fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      get_contact: () => linDetail,
      list_specialties: () => [{ code: "cardiology", labelEn: "Cardiology", labelFr: "Cardiologie", labelZh: "心臟科" }],
    });
    render(App);
    expect(await screen.findByTestId("contact-name")).toHaveTextContent("Dr. Mei-Ling Lin");
    const native = screen.getByTestId("native-name");
    expect(native).toHaveTextContent("林美玲");
    expect(native).toHaveAttribute("lang", "zh-Hant");
    expect(screen.getByTestId("placeholder-badge")).toBeInTheDocument();
    expect(screen.getByText("Taiwanese hospital").closest("a")).toHaveAttribute("href", "#/organisations/org_tw");
    expect(await screen.findByText("Cardiology")).toBeInTheDocument();
    const privacy = screen.getByTestId("privacy");
    expect(privacy).toHaveTextContent("Legitimate interests");
    expect(privacy).toHaveTextContent("TSHA delegation list");
    expect(privacy).toHaveTextContent("1 Jun 2025");
    expect(screen.getByText("TSHA in Wallonia").closest("a")).toHaveAttribute("href", "#/missions/mis_tsha");
    expect(screen.getByTestId("contact-mission-role")).toHaveTextContent("Delegate");
  });

  it("says the person's role in a mission in the planner's language", async () => {
    window.location.hash = "#/contacts/con_lin";
    fakeBackend({ get_app_info: () => appInfo({ locale: "zh-TW" }), get_contact: () => linDetail });
    render(App);
    expect(await screen.findByTestId("contact-mission-role")).toHaveTextContent("團員");
    expect(screen.getByTestId("contact-mission-role")).not.toHaveTextContent("delegate");
  });
});

describe("technologies", () => {
  it("shows owner, regulatory status, maturity and where it was presented", async () => {
    window.location.hash = "#/technologies/tec_ecg";
    const detail: TechnologyDetail = {
      technology: {
        id: "tec_ecg",
        name: "AI-ECG detection of myocardial infarction",
        names: {},
        ownerId: "org_tsha",
        description: null,
        specialties: ["cardiology"],
        regulatory: { taiwanFda: "cleared", ceMdrClass: null, euAiActRisk: "high", notes: null },
        maturity: "certified",
        placeholder: false,
      },
      owner: { id: "org_tsha", name: "TSHA" },
      presentations: [{ itemId: "itm_1", mission: { id: "mis_tsha", name: "TSHA in Wallonia" }, title: "Presentations", start: "2025-06-26T18:00:00+02:00" }],
    };
    fakeBackend({ get_app_info: () => appInfo({ locale: "en" }), get_technology: () => detail });
    render(App);
    expect(await screen.findByTestId("technology-name")).toHaveTextContent("AI-ECG detection of myocardial infarction");
    const regulatory = screen.getByTestId("regulatory");
    expect(regulatory).toHaveTextContent("Taiwan FDA");
    expect(regulatory).toHaveTextContent("cleared");
    expect(regulatory).toHaveTextContent("CE-MDR class");
    expect(regulatory).toHaveTextContent("Not stated");
    expect(regulatory).toHaveTextContent("EU AI Act risk");
    expect(regulatory).toHaveTextContent("High");
    expect(screen.getByTestId("maturity")).toHaveTextContent("Certified");
    expect(screen.getByText("26 Jun 2025, 18:00")).toBeInTheDocument();
  });
});

describe("navigation", () => {
  it("shows a not-found page for an unknown address, and the sidebar marks the current section", async () => {
    window.location.hash = "#/nowhere";
    fakeBackend({ get_app_info: () => appInfo({ locale: "en" }) });
    render(App);
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("nav-contacts"));
    expect(window.location.hash).toBe("#/contacts");
    expect(await screen.findByRole("heading", { name: "Contacts", level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId("nav-contacts")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("nav-missions")).not.toHaveAttribute("aria-current");
  });
});
