import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { FormSource, SurveyFigures, SurveyPlan } from "../../lib/bindings";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { callsOf, fakeBackend } from "../../test/backend";
import Surveys from "./Surveys.svelte";

const figures: SurveyFigures = {
  score: 3.5,
  responses: 2,
  invited: 8,
  response_rate: 0.25,
  six_month_responses: 1,
  ratings: [
    { rating: "noContact", count: 0 },
    { rating: "knowledge", count: 0 },
    { rating: "valuable", count: 0 },
    { rating: "negotiating", count: 0 },
    { rating: "agreement", count: 1 },
  ],
  rated: [
    {
      item_title: "CHU de Liège — cardiologie",
      item_id: "itm_1",
      respondent: "Sophie Lambert",
      delegate: "Chen Wei-Ting",
      rating: "agreement",
      what_came: "Un protocole d'essai clinique",
      to_confirm: true,
    },
  ],
  agreements_to_confirm: 1,
};

const source: FormSource = {
  fileName: "Enquête (réponses).csv",
  headers: ["Horodateur", "Vos prénom et nom", "Utilité des rencontres"],
  sample: [{ line: 2, cells: ["26/06/2025 14:03:11", "Sophie Lambert", "5"] }],
  rowCount: 3,
  unreadable: [],
  mapping: ["submitted", "name", "ignore"],
  remembered: false,
};

const plan = (): SurveyPlan => ({
  kind: "week",
  format: "csv",
  headers: source.headers,
  mapping: ["submitted", "name", "usefulness"],
  responses: 3,
  matched: 1,
  ratings: 0,
  superseded: 1,
  rejected: [
    {
      line: 3,
      reason: "Not in the directory: survey answers are recorded only for people of the directory",
      code: "surveys.unknownPerson",
      params: {},
    },
  ],
});

describe("the surveys in the report", () => {
  afterEach(() => applyLocale("en"));

  it("show the figures and import a survey through the interest form's wizard", async () => {
    applyLocale("fr");
    const calls = fakeBackend({
      get_survey_figures: () => figures,
      choose_form_responses: () => ({ token: "tok", source }),
      preview_survey_import: () => plan(),
      import_survey_responses: () => plan(),
      clear_survey: () => 2,
    });
    render(Surveys, { missionId: "mis_tsha" });
    const user = userEvent.setup();
    expect(await screen.findByTestId("survey-score")).toHaveTextContent("3,5");
    expect(screen.getByTestId("survey-responses")).toHaveTextContent("2 / 8");
    expect(screen.getByTestId("survey-rate")).toHaveTextContent("25");
    expect(screen.getByTestId("survey-ratings")).toHaveTextContent("Accord conclu");
    expect(screen.getByTestId("survey-rated")).toHaveTextContent("Un protocole d'essai clinique");
    expect(screen.getByTestId("survey-to-confirm")).toHaveTextContent("à confirmer");

    const week = screen.getByTestId("survey-week");
    expect(within(week).getByRole("heading")).toHaveTextContent("Enquête de satisfaction");
    await user.click(within(week).getByTestId("survey-week-import"));
    expect(callsOf(calls, "choose_form_responses").at(-1)?.args).toEqual({ input: { kind: "week" } });
    // The survey's own questions are offered for a column the guess left out.
    const select = within(week).getByLabelText("Utilité des rencontres");
    await user.selectOptions(select, "usefulness");
    await user.click(within(week).getByTestId("survey-week-preview"));
    expect(callsOf(calls, "preview_survey_import").at(-1)?.args).toEqual({
      input: { token: "tok", missionId: "mis_tsha", kind: "week", mapping: ["submitted", "name", "usefulness"], lang: "fr" },
    });
    expect(await within(week).findByTestId("survey-week-summary")).toHaveTextContent("1 personne trouvée dans l’annuaire");
    expect(within(week).getByTestId("survey-week-rejected")).toHaveTextContent("Ligne 3");
    expect(within(week).getByTestId("survey-week-rejected")).toHaveTextContent("Personne absente de l’annuaire");
    await user.click(within(week).getByTestId("survey-week-commit"));
    expect(await within(week).findByTestId("survey-week-done")).toHaveTextContent("Importé : 1 réponse, 0 rencontre évaluée, 1 ligne refusée.");
    expect(callsOf(calls, "import_survey_responses")).toHaveLength(1);
    // The six-month survey has its own wizard beside it.
    expect(screen.getByTestId("survey-six-months")).toHaveTextContent("Enquête à six mois");
    // A survey's answers are deleted after a second click.
    await user.click(screen.getByTestId("survey-week-clear"));
    expect(callsOf(calls, "clear_survey")).toHaveLength(0);
    await user.click(screen.getByTestId("survey-week-clear-confirm"));
    expect(callsOf(calls, "clear_survey").at(-1)?.args).toEqual({ input: { missionId: "mis_tsha", kind: "week" } });
  }, 20_000);
});
