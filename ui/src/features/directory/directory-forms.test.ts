import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ApiError, OrganisationDetail, OrganisationSummary, TechnologyDetail } from "../../lib/bindings";
import { callsOf, fakeBackend } from "../../test/backend";
import OrganisationForm from "../organisations/OrganisationForm.svelte";
import TechnologyForm from "../technologies/TechnologyForm.svelte";
import CommandPalette from "./CommandPalette.svelte";
import { refreshSpecialties } from "../../lib/app-state.svelte";

const chu: OrganisationSummary = {
  id: "org_chu_liege",
  name: "CHU de Liège",
  shortName: null,
  kind: "hospital",
  city: "Liège",
  country: "BE",
  placeholder: false,
  departmentCount: 0,
  contactCount: 0,
};

function invalid(field: string, message: string): ApiError {
  return { kind: "validation", message: `${field}: ${message}`, field };
}

function orgDetail(input: Record<string, unknown>): OrganisationDetail {
  return { organisation: input as unknown as OrganisationDetail["organisation"], parent: null, members: [], departments: [], contacts: [], technologies: [] };
}

describe("organisation form", () => {
  it("shows the backend's validation error beside the country field", async () => {
    const calls = fakeBackend({
      save_organisation: () => {
        throw invalid("country", "'XX' is not an ISO 3166 country code");
      },
    });
    const onsaved = vi.fn();
    render(OrganisationForm, { onsaved, oncancel: () => {} });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("org-field-name"), "Clinique du Parc");
    await user.type(screen.getByTestId("org-field-country"), "xx");
    await user.click(screen.getByTestId("organisation-form-save"));
    const error = await screen.findByTestId("error-country");
    expect(error).toHaveTextContent("not an ISO 3166 country code");
    // Beside its own field, and only there.
    expect(error.closest("[data-field]")?.getAttribute("data-field")).toBe("country");
    expect(screen.getByTestId("org-field-country")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("error-name")).toBeNull();
    expect(callsOf(calls, "save_organisation")).toHaveLength(1);
    expect(onsaved).not.toHaveBeenCalled();
  });

  it("refuses a coordinate that is not a number without calling the backend", async () => {
    const calls = fakeBackend({});
    render(OrganisationForm, { onsaved: () => {}, oncancel: () => {} });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("org-field-name"), "Clinique du Parc");
    await user.type(screen.getByTestId("org-field-latitude"), "north");
    await user.click(screen.getByTestId("organisation-form-save"));
    expect(await screen.findByTestId("error-latitude")).toBeInTheDocument();
    expect(callsOf(calls, "save_organisation")).toHaveLength(0);
  });

  it("saves a new organisation with its parent picked from a searchable list", async () => {
    const calls = fakeBackend({
      list_organisations: () => [chu, { ...chu, id: "org_chc", name: "CHC Montlégia", city: "Liège" }],
      save_organisation: (input) => orgDetail(input),
    });
    const onsaved = vi.fn();
    render(OrganisationForm, { onsaved, oncancel: () => {} });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("org-field-name"), "  Centre de revalidation  ");
    await user.selectOptions(screen.getByTestId("org-field-kind"), "hospital_network");
    // Typing "montlegia" (no accent) narrows the parent list to CHC Montlégia.
    await waitFor(() => expect(screen.getByTestId("org-field-parentId").querySelectorAll("option")).toHaveLength(3));
    await user.type(screen.getByTestId("org-field-parentId-search"), "montlegia");
    await waitFor(() => expect(screen.getByTestId("org-field-parentId").querySelectorAll("option")).toHaveLength(2));
    await user.selectOptions(screen.getByTestId("org-field-parentId"), "org_chc");
    await user.type(screen.getByTestId("org-field-city"), "Liège");
    await user.type(screen.getByTestId("org-field-country"), "be");
    await user.type(screen.getByTestId("org-field-tz"), "Europe/Brussels");
    await user.type(screen.getByTestId("org-field-latitude"), "50,63");
    await user.type(screen.getByTestId("org-field-longitude"), "5.57");
    await user.click(screen.getByTestId("organisation-form-save"));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    const [save] = callsOf(calls, "save_organisation");
    const input = save.args?.input as Record<string, unknown>;
    expect(input).toMatchObject({
      name: "Centre de revalidation",
      kind: "hospital_network",
      parentId: "org_chc",
      city: "Liège",
      country: "BE",
      tz: "Europe/Brussels",
      latitude: 50.63,
      longitude: 5.57,
      shortName: null,
      website: null,
      notes: null,
    });
    expect(input.id).toMatch(/^org_[0-9a-f]{32}$/);
    expect(onsaved).toHaveBeenCalledWith(input.id);
  });
});

describe("technology form", () => {
  it("shows the backend's validation error beside the Taiwan FDA field", async () => {
    fakeBackend({
      save_technology: () => {
        throw invalid("regulatory.taiwanFda", "at most 200 characters");
      },
    });
    render(TechnologyForm, { onsaved: () => {}, oncancel: () => {} });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("tech-field-name"), "CardioAI");
    await user.type(screen.getByTestId("tech-field-taiwanFda"), "Class II");
    await user.click(screen.getByTestId("technology-form-save"));
    const error = await screen.findByTestId("error-regulatory.taiwanFda");
    expect(error).toHaveTextContent("at most 200 characters");
    expect(error.closest("[data-field]")?.getAttribute("data-field")).toBe("regulatory.taiwanFda");
    expect(screen.queryByTestId("error-name")).toBeNull();
  });

  it("saves owner, specialties, regulatory status and maturity through save_technology", async () => {
    const calls = fakeBackend({
      list_organisations: () => [chu],
      list_specialties: () => [
        { code: "cardiology", labelEn: "Cardiology", labelFr: "Cardiologie", labelZh: "心臟科" },
        { code: "medical_imaging", labelEn: "Medical imaging", labelFr: "Imagerie médicale", labelZh: "醫學影像" },
      ],
      save_technology: (input) =>
        ({ technology: input, owner: { id: chu.id, name: chu.name }, presentations: [] }) as unknown as TechnologyDetail,
    });
    await refreshSpecialties();
    const onsaved = vi.fn();
    render(TechnologyForm, { onsaved, oncancel: () => {} });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("tech-field-name"), "CardioAI");
    await waitFor(() => expect(screen.getByTestId("tech-field-ownerId").querySelectorAll("option")).toHaveLength(2));
    await user.selectOptions(screen.getByTestId("tech-field-ownerId"), chu.id);
    await user.click(screen.getByRole("checkbox", { name: /Cardiolog/ }));
    await user.type(screen.getByTestId("tech-field-taiwanFda"), "Class II, licensed 2024");
    await user.selectOptions(screen.getByTestId("tech-field-ceMdrClass"), "IIa");
    await user.selectOptions(screen.getByTestId("tech-field-euAiActRisk"), "high");
    await user.selectOptions(screen.getByTestId("tech-field-maturity"), "certified");
    await user.type(screen.getByTestId("tech-field-description"), "ECG triage");
    // Its name in Chinese documents, folded under the name.
    await user.click(screen.getByTestId("tech-wording").querySelector("summary")!);
    await user.type(screen.getByTestId("tech-title-zh-TW"), "心臟 AI");
    await user.click(screen.getByTestId("technology-form-save"));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    const input = callsOf(calls, "save_technology")[0].args?.input as Record<string, unknown>;
    expect(input).toMatchObject({
      name: "CardioAI",
      ownerId: chu.id,
      specialties: ["cardiology"],
      regulatory: { taiwanFda: "Class II, licensed 2024", ceMdrClass: "IIa", euAiActRisk: "high", notes: null },
      maturity: "certified",
      description: "ECG triage",
      names: { zhTw: "心臟 AI" },
    });
    expect(input.id).toMatch(/^tec_[0-9a-f]{32}$/);
  });
});

describe("search filters", () => {
  it("sends kind, country, specialty and tag to the core's search", async () => {
    const calls = fakeBackend({
      list_specialties: () => [{ code: "cardiology", labelEn: "Cardiology", labelFr: "Cardiologie", labelZh: "心臟科" }],
      search_directory: () => [{ kind: "organisation", id: "org_chu_liege", name: "CHU de Liège", detail: null, score: 1 }],
    });
    await refreshSpecialties();
    render(CommandPalette);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("global-search"));
    await user.type(screen.getByTestId("palette-input"), "liege");
    await user.selectOptions(screen.getByTestId("filter-kind"), "organisation");
    await user.type(screen.getByTestId("filter-country"), "be");
    await user.selectOptions(screen.getByTestId("filter-specialty"), "cardiology");
    await user.type(screen.getByTestId("filter-tag"), "vip");
    await waitFor(() => {
      const last = callsOf(calls, "search_directory").at(-1)?.args?.input as Record<string, unknown> | undefined;
      expect(last).toMatchObject({ text: "liege", filters: { kinds: ["organisation"], country: "BE", specialty: "cardiology", tag: "vip" } });
    });
    expect(await screen.findByText("CHU de Liège")).toBeInTheDocument();
  });
});
