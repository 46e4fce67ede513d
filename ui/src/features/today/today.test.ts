import { applyLocale } from "../../lib/i18n/index.svelte";
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AgendaItem, Outcome, OutcomeResults, TodayView } from "../../lib/bindings";
import { callsOf, fakeBackend } from "../../test/backend";
import Today from "./Today.svelte";
import { Debouncer, shiftWallClock, wallTime } from "./logic";

const noResults: OutcomeResults = {
  agreement: null,
  valueCents: null,
  investmentCents: null,
  jobs: null,
  confirmedOn: null,
  evidence: null,
  resultsOn: null,
};

const item = (over: Partial<AgendaItem> = {}): AgendaItem => ({
  id: "itm_d2_one_to_one_cardiology",
  missionId: "mis_tsha",
  kind: "meeting",
  title: "One-to-one talks — Cardiology",
  description: null,
  titles: {},
  descriptions: {},
  start: "2025-06-27T14:00:00+02:00",
  end: "2025-06-27T15:00:00+02:00",
  tz: "Europe/Brussels",
  site: { id: "sit_mont_legia", name: "CHC Mont Légia" },
  room: null,
  subgroup: null,
  status: "confirmed",
  locked: false,
  participants: [
    { id: "con_liege_doctor_1", name: "Dr Liège" },
    { id: "con_delegate_01", name: "Delegate 1" },
  ],
  technologies: [{ id: "tec_ecg", name: "ECG MI detection" }],
  departments: [],
  vehicle: null,
  fromSite: null,
  ...over,
});

function view(over: Partial<TodayView> = {}): TodayView {
  return {
    mission: { id: "mis_tsha", name: "TSHA" },
    hostTz: "Europe/Brussels",
    day: "2025-06-27",
    days: ["2025-06-26", "2025-06-27"],
    isToday: false,
    now: "2026-11-22T10:00:00+01:00",
    items: [{ item: item(), outcomes: [], draft: null, when: "later" }],
    ...over,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("wall-clock helpers", () => {
  it("shifts a stamp in its own zone without converting it", () => {
    expect(shiftWallClock("2025-06-27T14:00:00+02:00", 15)).toBe("2025-06-27T14:15");
    expect(shiftWallClock("2025-06-27T23:50:00+02:00", 15)).toBe("2025-06-28T00:05");
    expect(shiftWallClock("2025-06-27T15:00:00+02:00", -15)).toBe("2025-06-27T14:45");
    expect(wallTime("2025-06-27T09:05:00+02:00")).toBe("09:05");
  });
});

describe("Debouncer", () => {
  it("saves only the last value, once, after a pause; flush saves at once", async () => {
    vi.useFakeTimers();
    const saved: string[] = [];
    const d = new Debouncer<string>(async (v) => {
      saved.push(v);
    }, 300);
    d.schedule("a");
    d.schedule("ab");
    d.schedule("abc");
    await vi.advanceTimersByTimeAsync(299);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(["abc"]);
    d.schedule("abcd");
    await d.flush();
    expect(saved).toEqual(["abc", "abcd"]);
    d.schedule("x");
    d.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual(["abc", "abcd"]);
  });
});

describe("Today", () => {
  it("marks an item held, shortens and moves it with one tap", async () => {
    const calls = fakeBackend({ get_today: () => view(), set_agenda_item_status: () => null, move_agenda_item: () => null });
    render(Today, { props: { missionId: "mis_tsha" } });
    const row = await screen.findByTestId("today-item");
    await userEvent.click(within(row).getByTestId("mark-held"));
    expect(callsOf(calls, "set_agenda_item_status")[0].args).toEqual({ input: { id: "itm_d2_one_to_one_cardiology", status: "held" } });
    await userEvent.click(within(row).getByTestId("shorten"));
    expect(callsOf(calls, "move_agenda_item")[0].args).toEqual({ input: { id: "itm_d2_one_to_one_cardiology", end: "2025-06-27T14:45" } });
    await userEvent.click(within(row).getByTestId("postpone"));
    expect(callsOf(calls, "move_agenda_item")[1].args).toEqual({
      input: { id: "itm_d2_one_to_one_cardiology", start: "2025-06-27T14:15", end: "2025-06-27T15:15" },
    });
    await userEvent.click(within(row).getByTestId("mark-cancelled"));
    expect(callsOf(calls, "set_agenda_item_status")[1].args).toEqual({ input: { id: "itm_d2_one_to_one_cardiology", status: "cancelled" } });
  });

  it("says where and how long with one separator between each part, in the planner's language", async () => {
    applyLocale("zh-TW");
    const room = { id: "roo_a", name: "Salle de réunion A" };
    fakeBackend({ get_today: () => view({ items: [{ ...view().items[0], item: item({ room }) }] }) });
    render(Today, { props: { missionId: "mis_tsha" } });
    const row = await screen.findByTestId("today-item");
    // The room's separator was lost ("CHC Mont Légia· Salle…": Svelte trims a block's leading space).
    expect(within(row).getByTestId("today-where")).toHaveTextContent(/^CHC Mont Légia · Salle de réunion A · 60 分鐘$/);
    applyLocale("en");
  });

  it("shows every time in the mission's host zone, also for an item at a site in another zone", async () => {
    const base = view();
    const tokyo = {
      ...base.items[0],
      item: { ...base.items[0].item, id: "itm_tokyo", start: "2025-06-27T21:00:00+09:00", end: "2025-06-27T22:00:00+09:00", tz: "Asia/Tokyo" },
    };
    fakeBackend({ get_today: () => view({ items: [tokyo] }) });
    render(Today, { props: { missionId: "mis_tsha" } });
    expect(await screen.findByTestId("today-time")).toHaveTextContent("14:00–15:00");
  });

  it("undoes a cancellation from the toast, restoring the status the item had", async () => {
    applyLocale("fr");
    const calls = fakeBackend({ get_today: () => view(), set_agenda_item_status: () => null });
    render(Today, { props: { missionId: "mis_tsha" } });
    const row = await screen.findByTestId("today-item");
    const before = view().items[0].item.status;
    await userEvent.click(within(row).getByTestId("mark-cancelled"));
    const toast = await screen.findByTestId("cancel-toast");
    expect(toast).toHaveTextContent("est annulé");
    const undo = screen.getByTestId("undo-cancel");
    expect(undo).toHaveTextContent("Défaire");
    expect(document.activeElement).toBe(undo);
    await userEvent.keyboard("{Enter}");
    expect(callsOf(calls, "set_agenda_item_status").map((c) => c.args)).toEqual([
      { input: { id: "itm_d2_one_to_one_cardiology", status: "cancelled" } },
      { input: { id: "itm_d2_one_to_one_cardiology", status: before } },
    ]);
    expect(screen.queryByTestId("cancel-toast")).toBeNull();
    applyLocale("en");
  });

  it("saves the note as you type and records the outcome with a follow-up", async () => {
    const calls = fakeBackend({
      get_today: () => view(),
      save_outcome_draft: (d) => ({ ...d, savedAt: "2025-06-27T12:10:00Z" }),
      save_outcome: () => "out_1",
    });
    render(Today, { props: { missionId: "mis_tsha" } });
    await userEvent.click(await screen.findByTestId("open-outcome"));
    await userEvent.selectOptions(screen.getByTestId("outcome-type"), "clinical_trial_interest");
    await userEvent.click(screen.getByTestId("attendee-con_liege_doctor_1"));
    await userEvent.type(screen.getByTestId("outcome-notes"), "Wants a trial");
    await vi.waitFor(() => {
      const drafts = callsOf(calls, "save_outcome_draft");
      expect(drafts.length).toBeGreaterThan(0);
      expect((drafts.at(-1)?.args?.input as { notes: string }).notes).toBe("Wants a trial");
    });
    expect(callsOf(calls, "save_outcome_draft").length).toBeLessThan(5); // debounced, not per key
    await userEvent.type(screen.getByTestId("outcome-next-steps"), "Send the protocol");
    await userEvent.click(screen.getByTestId("outcome-make-followup"));
    await userEvent.type(screen.getByTestId("outcome-due"), "2025-09-15");
    await userEvent.click(screen.getByTestId("outcome-save"));
    await vi.waitFor(() => expect(callsOf(calls, "save_outcome")).toHaveLength(1));
    expect(callsOf(calls, "save_outcome")[0].args?.input).toMatchObject({
      itemId: "itm_d2_one_to_one_cardiology",
      outcomeType: "clinical_trial_interest",
      notes: "Wants a trial",
      nextSteps: "Send the protocol",
      attendees: ["con_liege_doctor_1"],
      followup: { dueOn: "2025-09-15" },
    });
  });

  it("keeps the results typed into a new outcome in its draft, and gives them back on reopening", async () => {
    const calls = fakeBackend({
      get_today: () => view(),
      save_outcome_draft: (d) => ({ ...d, savedAt: "2025-06-27T12:10:00Z" }),
    });
    const { unmount } = render(Today, { props: { missionId: "mis_tsha" } });
    await userEvent.click(await screen.findByTestId("open-outcome"));
    await userEvent.click(screen.getByTestId("outcome-results").querySelector("summary") as HTMLElement);
    await userEvent.selectOptions(screen.getByTestId("outcome-agreement"), "mou");
    await userEvent.type(screen.getByTestId("outcome-value"), "250 000");
    await userEvent.type(screen.getByTestId("outcome-jobs"), "twelve");
    await vi.waitFor(() => {
      const last = callsOf(calls, "save_outcome_draft").at(-1)?.args?.input as { results?: unknown } | undefined;
      // As typed: a word for jobs is kept in the draft and refused only when recording.
      expect(last?.results).toEqual({ agreement: "mou", valueEur: "250 000", jobs: "twelve" });
    });
    unmount();

    fakeBackend({
      get_today: () =>
        view({
          items: [
            {
              item: item(),
              outcomes: [],
              draft: {
                itemId: "itm_d2_one_to_one_cardiology",
                notes: "",
                nextSteps: "",
                attendees: [],
                technologies: [],
                results: { agreement: "contract", investmentEur: "1 000 000", confirmedOn: "2025-11-20" },
              },
              when: "now",
            },
          ],
        }),
    });
    render(Today, { props: { missionId: "mis_tsha" } });
    const block = await screen.findByTestId("outcome-results");
    expect(block).toHaveProperty("open", true);
    expect(screen.getByTestId("outcome-agreement")).toHaveValue("contract");
    expect(screen.getByTestId("outcome-investment")).toHaveValue("1 000 000");
    expect(screen.getByTestId("outcome-value")).toHaveValue("");
  });

  it("reopens a saved draft and shows notes as text, never HTML", async () => {
    fakeBackend({
      get_today: () =>
        view({
          items: [
            {
              item: item(),
              outcomes: [
                {
                  id: "out_1",
                  itemId: "itm_d2_one_to_one_cardiology",
                  itemTitle: "x",
                  outcomeType: "pilot",
                  notes: "<img src=x onerror=alert(1)> <b>bold</b>",
                  nextSteps: null,
                  attendees: [],
                  technologies: [],
                  followups: [],
                  results: noResults,
                  createdAt: "",
                  updatedAt: "",
                },
              ],
              draft: { itemId: "itm_d2_one_to_one_cardiology", notes: "Half-typed note", nextSteps: "", attendees: [], technologies: [] },
              when: "now",
            },
          ],
        }),
    });
    render(Today, { props: { missionId: "mis_tsha" } });
    expect(await screen.findByTestId("outcome-notes")).toHaveValue("Half-typed note");
    expect(screen.getByText("<img src=x onerror=alert(1)> <b>bold</b>")).toBeInTheDocument();
    expect(document.querySelector("img")).toBeNull();
    expect(document.querySelector("b")).toBeNull();
  });

  it("offers no outcome on a cancelled meeting, and says that recording one marks the meeting held", async () => {
    applyLocale("fr");
    fakeBackend({
      get_today: () =>
        view({
          items: [
            { item: item({ id: "itm_off", status: "cancelled" }), outcomes: [], draft: null, when: "later" },
            { item: item({ id: "itm_on", status: "confirmed" }), outcomes: [], draft: null, when: "later" },
          ],
        }),
    });
    render(Today, { props: { missionId: "mis_tsha" } });
    const [off, on] = await screen.findAllByTestId("today-item");
    expect(within(off).queryByTestId("open-outcome")).toBeNull();
    expect(within(off).getByTestId("outcome-not-on-cancelled")).toHaveTextContent("Réunion annulée");
    await userEvent.click(within(on).getByTestId("open-outcome"));
    expect(within(on).getByTestId("outcome-marks-held")).toHaveTextContent("marque la réunion comme tenue");
    applyLocale("en");
  });

  describe("a recorded outcome", () => {
    const recorded = (over: Partial<Outcome> = {}): Outcome => ({
      id: "out_1",
      itemId: "itm_d2_one_to_one_cardiology",
      itemTitle: "One-to-one talks — Cardiology",
      outcomeType: "pilot",
      notes: "Pilot in two wards",
      nextSteps: "Send the protocol",
      attendees: [{ id: "con_liege_doctor_1", name: "Dr Liège" }],
      technologies: [{ id: "tec_ecg", name: "ECG MI detection" }],
      followups: ["fol_1"],
      results: noResults,
      createdAt: "",
      updatedAt: "",
      ...over,
    });
    const withOutcome = (o: Outcome | null) => view({ items: [{ item: item({ status: "held" }), outcomes: o ? [o] : [], draft: null, when: "past" }] });

    it("is edited in place, without a draft or a new follow-up", async () => {
      applyLocale("fr");
      let current = recorded();
      const calls = fakeBackend({
        get_today: () => withOutcome(current),
        save_outcome: (input) => {
          current = recorded({ outcomeType: input.outcomeType as Outcome["outcomeType"], notes: String(input.notes) });
          return "out_1";
        },
      });
      render(Today, { props: { missionId: "mis_tsha" } });
      await userEvent.click(await screen.findByRole("button", { name: "Modifier le résultat «\u00a0Projet pilote\u00a0»" }));
      const form = screen.getByTestId("outcome-edit-form");
      expect(within(form).getByTestId("outcome-type")).toHaveValue("pilot");
      expect(within(form).getByTestId("attendee-con_liege_doctor_1")).toBeChecked();
      expect(within(form).getByTestId("attendee-con_delegate_01")).not.toBeChecked();
      expect(within(form).queryByTestId("outcome-make-followup")).toBeNull();
      await userEvent.selectOptions(within(form).getByTestId("outcome-type"), "partnership");
      await userEvent.click(within(form).getByTestId("attendee-con_delegate_01"));
      await userEvent.clear(within(form).getByTestId("outcome-notes"));
      await userEvent.type(within(form).getByTestId("outcome-notes"), "Distribution in Taiwan");
      await userEvent.click(within(form).getByTestId("outcome-update"));
      await vi.waitFor(() => expect(screen.queryByTestId("outcome-edit-form")).toBeNull());
      expect(callsOf(calls, "save_outcome")[0].args?.input).toEqual({
        id: "out_1",
        itemId: "itm_d2_one_to_one_cardiology",
        outcomeType: "partnership",
        notes: "Distribution in Taiwan",
        nextSteps: "Send the protocol",
        attendees: ["con_liege_doctor_1", "con_delegate_01"],
        technologies: ["tec_ecg"],
        followup: undefined,
      });
      expect(callsOf(calls, "save_outcome_draft")).toHaveLength(0);
      expect(await screen.findByText("Distribution in Taiwan")).toBeInTheDocument();
      applyLocale("en");
    });

    it("shows its results in an open Results block, says a wrong field beside it, and saves them", async () => {
      applyLocale("fr");
      let current = recorded({
        results: { ...noResults, agreement: "mou", valueCents: 125_000_000, jobs: 12, confirmedOn: "2025-09-15", resultsOn: "2025-09-01" },
      });
      let tries = 0;
      const calls = fakeBackend({
        get_today: () => withOutcome(current),
        save_outcome: (input) => {
          tries += 1;
          const r = (input as { results?: Record<string, string> }).results ?? {};
          if (r.jobs === "douze") {
            throw { kind: "validation", message: "jobs: not a number of jobs", field: "jobs", code: "notANumberOfJobs", params: { text: "douze" } };
          }
          current = recorded({ results: { ...current.results, jobs: Number(r.jobs) } });
          return "out_1";
        },
      });
      render(Today, { props: { missionId: "mis_tsha" } });
      await userEvent.click(await screen.findByRole("button", { name: "Modifier le résultat «\u00a0Projet pilote\u00a0»" }));
      const form = screen.getByTestId("outcome-edit-form");
      const block = within(form).getByTestId("outcome-results");
      expect(block).toHaveAttribute("open");
      expect(within(block).getByTestId("outcome-agreement")).toHaveValue("mou");
      expect(within(block).getByTestId("outcome-value")).toHaveValue("1250000,00");
      expect(within(block).getByTestId("outcome-jobs")).toHaveValue("12");
      await userEvent.clear(within(block).getByTestId("outcome-jobs"));
      await userEvent.type(within(block).getByTestId("outcome-jobs"), "douze");
      await userEvent.click(within(form).getByTestId("outcome-update"));
      // Said beside the field, in the planner's language; the form stays open.
      expect(await within(block).findByTestId("error-jobs")).toHaveTextContent("« douze » n’est pas un nombre d’emplois");
      expect(within(form).queryByTestId("api-error")).toBeNull();
      await userEvent.clear(within(block).getByTestId("outcome-jobs"));
      await userEvent.type(within(block).getByTestId("outcome-jobs"), "3");
      await userEvent.click(within(form).getByTestId("outcome-update"));
      await vi.waitFor(() => expect(screen.queryByTestId("outcome-edit-form")).toBeNull());
      expect(tries).toBe(2);
      expect(callsOf(calls, "save_outcome")[1].args?.input).toMatchObject({
        id: "out_1",
        results: { agreement: "mou", valueEur: "1250000,00", jobs: "3", confirmedOn: "2025-09-15" },
      });
      applyLocale("en");
    });

    it("keeps the Results block closed when nothing is recorded, and sends no results", async () => {
      const calls = fakeBackend({ get_today: () => withOutcome(recorded()), save_outcome: () => "out_1" });
      render(Today, { props: { missionId: "mis_tsha" } });
      await userEvent.click(await screen.findByTestId("outcome-edit"));
      const form = screen.getByTestId("outcome-edit-form");
      expect(within(form).getByTestId("outcome-results")).not.toHaveAttribute("open");
      await userEvent.click(within(form).getByTestId("outcome-update"));
      await vi.waitFor(() => expect(callsOf(calls, "save_outcome")).toHaveLength(1));
      expect(callsOf(calls, "save_outcome")[0].args?.input).not.toHaveProperty("results");
    });

    it("is deleted after a question whose safe answer has the focus; Escape keeps it", async () => {
      applyLocale("fr");
      let current: Outcome | null = recorded();
      const calls = fakeBackend({
        get_today: () => withOutcome(current),
        delete_outcome: () => {
          current = null;
          return null;
        },
      });
      render(Today, { props: { missionId: "mis_tsha" } });
      await userEvent.click(await screen.findByTestId("outcome-delete"));
      const box = screen.getByTestId("outcome-delete-confirm");
      expect(box).toHaveTextContent("Supprimer ce résultat (« Projet pilote ») ?");
      expect(within(box).getByTestId("outcome-delete-confirm-keep")).toHaveFocus();
      await userEvent.keyboard("{Escape}");
      expect(screen.queryByTestId("outcome-delete-confirm")).toBeNull();
      await vi.waitFor(() => expect(screen.getByTestId("outcome-delete")).toHaveFocus());
      expect(callsOf(calls, "delete_outcome")).toHaveLength(0);
      await userEvent.click(screen.getByTestId("outcome-delete"));
      await userEvent.click(screen.getByTestId("outcome-delete-confirm-yes"));
      await vi.waitFor(() => expect(screen.queryByTestId("recorded-outcome")).toBeNull());
      expect(callsOf(calls, "delete_outcome")[0].args).toEqual({ input: { id: "out_1" } });
      applyLocale("en");
    });
  });
});
