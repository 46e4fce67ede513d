import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import { appInfo, callsOf, fakeBackend } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";

beforeEach(() => {
  window.location.hash = "#/missions/mis_tsha";
});

describe("language switch", () => {
  it("starts in the stored locale and relabels the screen on a switch", async () => {
    const calls = fakeBackend({ get_app_info: () => appInfo({ locale: "fr" }), get_mission: () => missionDetail });
    render(App);

    const [day] = await screen.findAllByTestId("agenda-day");
    expect(screen.getByTestId("tab-delegation")).toHaveTextContent("Délégation");
    expect(screen.getByTestId("tab-followups")).toHaveTextContent("Suivis");
    expect(within(day).getByRole("heading", { level: 3 })).toHaveTextContent("jeudi 26 juin 2025");
    expect(screen.getByTestId("locale-fr")).toHaveAttribute("aria-pressed", "true");
    expect(document.documentElement.lang).toBe("fr-BE");

    await userEvent.click(screen.getByTestId("locale-en"));
    expect(screen.getByTestId("tab-delegation")).toHaveTextContent("Delegation");
    expect(screen.getByTestId("tab-followups")).toHaveTextContent("Follow-ups");
    expect(within(day).getByRole("heading", { level: 3 })).toHaveTextContent("Thursday, 26 June 2025");
    expect(screen.getByTestId("tentative-badge")).toHaveTextContent("To be confirmed");
    expect(screen.getByTestId("locale-en")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("locale-fr")).toHaveAttribute("aria-pressed", "false");
    expect(document.documentElement.lang).toBe("en-GB");
    expect(callsOf(calls, "set_locale").map((c) => c.args)).toEqual([{ input: { locale: "en" } }]);

    await userEvent.click(screen.getByTestId("locale-zh-TW"));
    expect(screen.getByTestId("nav-missions")).toHaveTextContent("訪問團");
    expect(screen.getByTestId("tab-delegation")).toHaveTextContent("代表團");
    expect(within(day).getByRole("heading", { level: 3 })).toHaveTextContent("2025年6月26日");
    expect(callsOf(calls, "set_locale").map((c) => c.args)).toEqual([
      { input: { locale: "en" } },
      { input: { locale: "zh-TW" } },
    ]);
  });

  it("falls back to the system language when no locale is stored", async () => {
    const calls = fakeBackend({ get_app_info: () => appInfo({ locale: null }), get_mission: () => missionDetail });
    render(App); // jsdom's navigator.language is en-US
    await screen.findAllByTestId("agenda-day");
    expect(screen.getByTestId("tab-followups")).toHaveTextContent("Follow-ups");
    expect(callsOf(calls, "set_locale")).toHaveLength(0);
  });

  it("keeps the new language and says so inline when set_locale fails", async () => {
    fakeBackend({
      get_app_info: () => appInfo({ locale: "fr" }),
      get_mission: () => missionDetail,
      set_locale: () => {
        throw { kind: "internal", message: "disk full", field: null };
      },
    });
    render(App);
    await screen.findAllByTestId("agenda-day");
    await userEvent.click(screen.getByTestId("locale-en"));
    expect(screen.getByTestId("tab-followups")).toHaveTextContent("Follow-ups");
    // An internal error is said plainly in the new language; its detail goes to the log.
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Passerelle could not complete this action.");
    expect(alert).not.toHaveTextContent("disk full");
  });
});
