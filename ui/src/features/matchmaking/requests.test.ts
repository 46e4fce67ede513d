import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { MeetingRequest, ScheduleReport, Suggestion } from "../../lib/bindings";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { fakeBackend } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";
import Requests from "./Requests.svelte";

afterEach(() => applyLocale("en"));

const placed: MeetingRequest = {
  id: "req_1",
  missionId: missionDetail.mission.id,
  title: null,
  priority: "must",
  status: "requested",
  origin: "planner",
  explanation: null,
  why: [],
  notes: null,
  participants: [
    { id: missionDetail.delegation[0].contact.id, name: missionDetail.delegation[0].contact.displayName },
    { id: "con_other", name: "Claire Dupont" },
  ],
  sites: [],
  technologies: [],
  itemId: "itm_1",
  itemStatus: "proposed",
  // 12:30 UTC: 14:30 in Brussels, the mission's host zone.
  itemStart: "2025-06-26T12:30:00Z",
  itemSite: "CHU de Liège",
};

describe("requests tab", () => {
  it("says what the grid's letters and tick mean, in French, and reads a placed request whole to a screen reader", async () => {
    applyLocale("fr");
    fakeBackend({ list_requests: () => [placed], list_suggestions: () => [] });
    render(Requests, { props: { detail: missionDetail } });
    const legend = await screen.findByTestId("schedule-matrix-legend");
    expect([...legend.children].map((c) => c.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "I Indispensable",
      "S Souhaitable",
      "P Possible",
      "✓ au programme",
    ]);
    const badge = screen.getByTestId("schedule-matrix").querySelector(".badge")!;
    expect(badge).toHaveAttribute("title", "Indispensable · au programme");
    expect(badge.querySelector(".visually-hidden")).toHaveTextContent("Indispensable · au programme");
  });

  it("shows a placed meeting's time in the mission's host zone, whatever the computer's zone", async () => {
    expect(missionDetail.mission.hostTz).toBe("Europe/Brussels");
    applyLocale("fr");
    fakeBackend({ list_requests: () => [placed], list_suggestions: () => [] });
    render(Requests, { props: { detail: missionDetail } });
    const start = await screen.findByTestId("request-start");
    expect(start.textContent?.replace(/\s/g, " ")).toBe("jeu. 26 juin 2025, 14:30");
  });

  it("says why a request was left out, and why a meeting is suggested, in French", async () => {
    applyLocale("fr");
    const report: ScheduleReport = {
      meetings: 0,
      requests: 1,
      met: 0,
      objective: 0,
      upper_bound: 10,
      gap: 1,
      optimal: true,
      bound_kind: "exact",
      seconds: 0.1,
      cancelled: false,
      unscheduled: [
        {
          request: "req_1",
          title: "Rencontre\u00a0: Sophie Renard — Yui Ito",
          reason: "every slot is ruled out: …",
          message: { code: "reason.noSlot", params: {} },
          causes: {
            items: [
              { message: { code: "reason.atItem", params: { person: "Sophie Renard", item: "Cardiology congress" } }, slots: 56 },
              { message: { code: "reason.siteClosed", params: { site: "CHC Mont Légia" } }, slots: 12 },
            ],
            more: 0,
          },
          others: { items: [{ message: { code: "reason.lunch", params: { person: "Yui Ito" } }, slots: 1 }], more: 0 },
        },
      ],
    };
    const suggestion: Suggestion = {
      participants: [
        { id: "con_a", name: "Yui Ito" },
        { id: "con_b", name: "Sophie Renard" },
      ],
      score: 3,
      explanation: "both work on cardiology",
      why: [
        {
          code: "why.sharedSpecialties",
          params: { specialties: "cardiology", "specialties@fr": "cardiologie", "specialties@zh-TW": "心臟科" },
        },
      ],
    };
    const calls = fakeBackend({
      list_requests: () => [{ ...placed, itemId: null, itemStatus: null, itemStart: null, itemSite: null }],
      list_suggestions: () => [suggestion],
      run_schedule: () => report,
    });
    render(Requests, { props: { detail: missionDetail } });
    expect((await screen.findByTestId("suggestion-why")).textContent).toBe("tous deux travaillent en cardiologie");
    await fireEvent.click(await screen.findByTestId("schedule-run"));
    const list = await screen.findByTestId("schedule-left-out");
    expect(list.querySelector(".reason")?.textContent).toBe(
      "tous les créneaux sont exclus\u00a0: Sophie Renard est à «\u00a0Cardiology congress\u00a0» (56 créneaux), " +
        "CHC Mont Légia est fermé (12 créneaux)\u00a0; autres créneaux\u00a0: la pause déjeuner de Yui Ito (1 créneau)",
    );
    // The scheduler titles the proposals in the planner's language.
    expect(calls.find((c) => c.cmd === "run_schedule")?.args).toMatchObject({ input: { lang: "fr" } });
  });

  it("names the technologies a request is about, and keeps its notes when they change", async () => {
    applyLocale("fr");
    const ecg = { id: "tec_ecg", name: "AI-ECG", owner: null, specialties: [], maturity: null, placeholder: false };
    const calls = fakeBackend({
      list_requests: () => [{ ...placed, notes: "Formulaire", technologies: [{ id: "tec_ecg", name: "AI-ECG" }] }],
      list_suggestions: () => [],
      list_technologies: () => [ecg, { ...ecg, id: "tec_onco", name: "Onco AI" }],
      save_request: () => placed,
    });
    render(Requests, { props: { detail: missionDetail } });
    const techs = await screen.findByTestId("request-technologies");
    expect(techs.querySelector(".tech-names")?.textContent).toBe("AI-ECG");
    // The row's box (the add form below has one too).
    const box = (await screen.findAllByRole("checkbox", { name: "Onco AI" }))[0];
    expect(techs.contains(box)).toBe(true);
    await fireEvent.click(box);
    expect(calls.filter((c) => c.cmd === "save_request").at(-1)?.args).toMatchObject({
      input: { id: "req_1", priority: "must", technologies: ["tec_ecg", "tec_onco"], notes: "Formulaire" },
    });
  });

  it("reads a coded reason in Traditional Chinese", async () => {
    applyLocale("zh-TW");
    const { leftOutText } = await import("./left-out");
    const text = leftOutText({
      request: "req_1",
      title: "",
      reason: "",
      message: { code: "reason.noSlotWithin", params: { count: "3" } },
      causes: { items: [{ message: { code: "reason.lunch", params: { person: "Yui Ito" } }, slots: 3 }], more: 2 },
      others: { items: [], more: 0 },
    });
    expect(text).toBe("全員皆有空的 3 個時段全數被排除：Yui Ito 的午餐時間（3 個時段），以及其他 2 個原因");
  });
});
