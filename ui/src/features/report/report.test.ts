import { applyLocale } from "../../lib/i18n/index.svelte";
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MissionReport, ResultFigures } from "../../lib/bindings";
import { callsOf, fakeBackend } from "../../test/backend";
import Report from "./Report.svelte";

const figures = (over: Partial<ResultFigures> = {}): ResultFigures => ({
  agreements: 0,
  by_kind: [],
  value_eur: 0,
  investment_eur: 0,
  jobs: 0,
  confirmed: 0,
  ...over,
});

const report = (): MissionReport => ({
  mission: { id: "mis_tsha", name: "TSHA" },
  startDate: "2025-06-26",
  endDate: "2025-06-27",
  asOf: "2026-01-15",
  meetings: { total: 3, planned: 0, held: 3, cancelled: 0 },
  peopleMet: 4,
  peopleByOrganisation: [],
  peopleBySpecialty: [],
  outcomesTotal: 2,
  outcomesByType: [],
  followups: { total: 0, open: 0, waiting: 0, done: 0, dropped: 0, overdue: 0 },
  leadsPerTechnology: [],
  openLeads: [],
  costs: { totals: { estimateCents: 0, committedCents: 0, actualCents: 0, knownCents: 0, lines: 0 }, perMeetingHeldCents: null, perOutcomeCents: null },
  kpis: {
    inputs: { cost_estimate_eur: 0, cost_actual_eur: 0, staff_days: 12.5 },
    activity: { organisations: 2, people: 4, meetings_planned: 3, meetings_held: 3 },
    outputs: { outcomes: 2, followups_open: 0, followups_done: 0, cost_per_meeting_eur: null, cost_per_outcome_eur: null },
    outcomes: {
      counting_rule: "kpi.countingRule",
      at_6_months: figures({ agreements: 1, by_kind: [{ kind: "mou", count: 1 }], value_eur: 100 }),
      at_12_months: figures({
        agreements: 2,
        by_kind: [
          { kind: "mou", count: 1 },
          { kind: "clinical_trial_protocol", count: 1 },
        ],
        value_eur: 250_100,
        jobs: 3,
      }),
    },
    by_technology: [
      { technology: { id: "tec_ecg", name: "ECG MI detection" }, agreements: 2, value_eur: 250_100, investment_eur: 0 },
      { technology: null, agreements: 1, value_eur: 40_000, investment_eur: 0 },
    ],
    satisfaction: null,
    ratings: null,
  },
});

describe("the report's results", () => {
  afterEach(() => applyLocale("en"));

  it("shows agreements and euros at +6 and +12 months and by technology, with the counting rule, and exports a workbook", async () => {
    applyLocale("fr");
    const calls = fakeBackend({
      get_report: () => report(),
      compare_reports: () => [report()],
      export_report: () => "/tmp/rapport.xlsx",
    });
    render(Report, { props: { missionId: "mis_tsha" } });
    const table = await screen.findByTestId("kpi-results");
    expect(within(table).getByTestId("kpi-agreements-6")).toHaveTextContent("1");
    expect(within(table).getByTestId("kpi-agreements-12")).toHaveTextContent("2");
    expect(within(table).getByText("· Protocole d’essai clinique")).toBeInTheDocument();
    expect(within(table).getByTestId("kpi-value-12").textContent?.replace(/\s/g, "")).toBe("250100,00€");
    expect(screen.getByTestId("kpi-rule")).toHaveTextContent("au plus tard le dernier jour de la mission plus 6");
    expect(screen.getByTestId("kpi-staff-days")).toHaveTextContent("12,5");
    const byTech = screen.getByTestId("kpi-by-technology");
    expect(byTech).toHaveTextContent("ECG MI detection");
    // The outcomes naming no technology, on their own last row.
    const last = within(byTech).getAllByRole("row").at(-1);
    expect(last?.textContent?.replace(/\s/g, "")).toBe("Aucunetechnologienommée140000,00€0,00€");
    await userEvent.click(screen.getByTestId("report-xlsx"));
    await vi.waitFor(() => expect(callsOf(calls, "export_report")).toHaveLength(1));
    expect(callsOf(calls, "export_report")[0].args?.input).toEqual({ missionId: "mis_tsha", format: "xlsx", asOf: expect.any(String), lang: "fr" });
  });

  it("takes the staff days where they are missing: refused beside the field, saved, Escape keeps", async () => {
    applyLocale("fr");
    let days: number | null = null;
    const calls = fakeBackend({
      get_report: () => ({ ...report(), kpis: { ...report().kpis, inputs: { ...report().kpis.inputs, staff_days: days } } }),
      compare_reports: () => [report()],
      set_staff_days: (input) => {
        const typed = String(input.staffDays);
        if (!/^\d+([.,]\d+)?$/.test(typed)) {
          throw { kind: "validation", message: "staffDays: not a number", field: "staffDays", code: "notANumberOfDays", params: { text: typed } };
        }
        days = Number(typed.replace(",", "."));
        return days;
      },
    });
    render(Report, { props: { missionId: "mis_tsha" } });
    expect(await screen.findByTestId("kpi-staff-days")).toHaveTextContent("—");
    await userEvent.click(screen.getByRole("button", { name: "Renseigner les jours-personne" }));
    const input = screen.getByTestId("kpi-staff-days-input");
    expect(input).toHaveFocus();
    await userEvent.type(input, "douze");
    await userEvent.click(screen.getByTestId("kpi-staff-days-save"));
    expect(await screen.findByTestId("error-staffDays")).toHaveTextContent("« douze » n’est pas un nombre de jours");
    expect(input).toHaveAttribute("aria-invalid", "true");
    await userEvent.clear(input);
    await userEvent.type(input, "12,5");
    await userEvent.click(screen.getByTestId("kpi-staff-days-save"));
    await vi.waitFor(() => expect(screen.getByTestId("kpi-staff-days")).toHaveTextContent("12,5"));
    expect(callsOf(calls, "set_staff_days").map((c) => c.args?.input)).toEqual([
      { id: "mis_tsha", staffDays: "douze" },
      { id: "mis_tsha", staffDays: "12,5" },
    ]);
    // The figure's button now changes them, and has the focus back.
    const edit = screen.getByTestId("kpi-staff-days-edit");
    await vi.waitFor(() => expect(edit).toHaveFocus());
    expect(edit).toHaveAccessibleName("Modifier les jours-personne");
    await userEvent.click(edit);
    expect(screen.getByTestId("kpi-staff-days-input")).toHaveValue("12,5");
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByTestId("kpi-staff-days-input")).toBeNull();
    expect(callsOf(calls, "set_staff_days")).toHaveLength(2);
  });

  it("names the specialties met in the planner's language, as the data translates them", async () => {
    applyLocale("zh-TW");
    const r = report();
    r.peopleBySpecialty = [
      { key: "oncology", label: "Oncology", labelFr: "Oncologie", labelZh: "腫瘤科", count: 2 },
      { key: "s_rare", label: "Rare diseases", count: 1 },
    ];
    fakeBackend({ get_report: () => r, compare_reports: () => [r] });
    render(Report, { props: { missionId: "mis_tsha" } });
    await screen.findByTestId("kpi-results");
    const bars = screen.getByRole("img", { name: "依專科統計會見人數" });
    expect(bars).toHaveTextContent("腫瘤科");
    expect(bars).not.toHaveTextContent("Oncology");
    // A specialty without its own Chinese label keeps the English one.
    expect(bars).toHaveTextContent("Rare diseases");
  });
});
