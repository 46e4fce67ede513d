import { applyLocale } from "../../lib/i18n/index.svelte";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { numberInput, parseTypedNumber } from "../../lib/format";
import type { PlanningSettings } from "../../lib/bindings";
import { callsOf, fakeBackend } from "../../test/backend";
import { planningSettings as initial } from "../../test/fixtures";
import PlanningSettingsForm from "./PlanningSettingsForm.svelte";

afterEach(() => applyLocale("en"));

describe("a typed number", () => {
  it("reads a decimal comma or point and refuses the rest", () => {
    expect(parseTypedNumber("1,3")).toBe(1.3);
    expect(parseTypedNumber(" 1.3 ")).toBe(1.3);
    expect(parseTypedNumber("1 250")).toBe(1250);
    expect(parseTypedNumber(",5")).toBe(0.5);
    for (const bad of ["", " ", "abc", "1,2,3", "1.2.3", "-1", "1e3", "12 km"]) expect(parseTypedNumber(bad)).toBeNull();
  });

  it("is shown to be typed back in the planner's way, and read back the same", () => {
    expect(numberInput("fr-BE", 12.5)).toBe("12,5");
    expect(numberInput("en-GB", 1250)).toBe("1250");
    expect(numberInput("zh-TW", 1.25)).toBe("1.25");
    expect(numberInput("fr-BE", null)).toBe("");
    for (const n of [1.25, 12.5, 1440, 0.5]) for (const l of ["fr-BE", "en-GB", "zh-TW"]) expect(parseTypedNumber(numberInput(l, n))).toBe(n);
  });
});

describe("the planning settings", () => {
  it("takes a French decimal comma, refuses what is not a number beside its field, and shows the core's range refusal there too", async () => {
    applyLocale("fr");
    let refuse = true;
    const calls = fakeBackend({
      save_planning_settings: (input) => {
        const s = input.settings as PlanningSettings;
        if (refuse && s.maxDayMinutes > 1440) {
          refuse = false;
          throw { kind: "validation", message: "maxDayMinutes: between", field: "maxDayMinutes", code: "betweenMinutes", params: { min: 60, max: 1440 } };
        }
        return null;
      },
    });
    render(PlanningSettingsForm, { props: { missionId: "mis_tsha", initial } });
    const detour = screen.getByTestId("setting-detourFactor");
    // Shown the planner's way.
    expect(detour).toHaveValue("1,25");
    await userEvent.clear(detour);
    await userEvent.type(detour, "1,3");
    const speed = screen.getByTestId("setting-roadSpeedKmh");
    await userEvent.clear(speed);
    await userEvent.type(speed, "vite");
    const day = screen.getByTestId("setting-maxDayMinutes");
    await userEvent.clear(day);
    await userEvent.type(day, "2000");
    await userEvent.click(screen.getByTestId("planning-settings-save"));
    expect(screen.getByTestId("error-roadSpeedKmh")).toHaveTextContent("« vite » n’est pas un nombre.");
    expect(speed).toHaveAttribute("aria-invalid", "true");
    expect(callsOf(calls, "save_planning_settings")).toHaveLength(0);

    await userEvent.clear(speed);
    await userEvent.type(speed, "90");
    await userEvent.click(screen.getByTestId("planning-settings-save"));
    expect(await screen.findByTestId("error-maxDayMinutes")).toHaveTextContent(/^Entre 60 et 1\s?440 minutes\.$/u);
    expect(screen.queryByTestId("error-roadSpeedKmh")).toBeNull();

    await userEvent.clear(day);
    await userEvent.type(day, "600");
    await userEvent.click(screen.getByTestId("planning-settings-save"));
    expect(await screen.findByTestId("planning-settings-saved")).toHaveTextContent("Règles enregistrées.");
    expect(callsOf(calls, "save_planning_settings").at(-1)?.args?.input).toEqual({
      missionId: "mis_tsha",
      settings: { roadSpeedKmh: 90, detourFactor: 1.3, maxDayMinutes: 600, lunchFrom: "11:30", lunchTo: "14:30", lunchMinutes: 30 },
    });
  });

  it("refuses a blank field and half minutes", async () => {
    applyLocale("en");
    const calls = fakeBackend({ save_planning_settings: () => null });
    render(PlanningSettingsForm, { props: { missionId: "mis_tsha", initial } });
    await userEvent.clear(screen.getByTestId("setting-detourFactor"));
    const lunch = screen.getByTestId("setting-lunchMinutes");
    await userEvent.clear(lunch);
    await userEvent.type(lunch, "30.5");
    await userEvent.click(screen.getByTestId("planning-settings-save"));
    expect(screen.getByTestId("error-detourFactor")).toHaveTextContent("Required.");
    expect(screen.getByTestId("error-lunchMinutes")).toHaveTextContent("“30.5” is not a number.");
    expect(callsOf(calls, "save_planning_settings")).toHaveLength(0);
  });
});
