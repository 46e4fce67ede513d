import { fireEvent, render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyLocale } from "../i18n/index.svelte";
import DateInput from "./DateInput.svelte";
import TimeInput from "./TimeInput.svelte";

afterEach(() => applyLocale("en"));

function setup(locale: "fr" | "en" | "zh-TW", value = "") {
  applyLocale(locale);
  const onchange = vi.fn();
  render(DateInput, { props: { value, testid: "due", label: "Due", onchange } });
  return { input: screen.getByTestId("due") as HTMLInputElement, onchange };
}

describe("DateInput", () => {
  it("shows the value in the locale's numeric order", () => {
    expect(setup("fr", "2025-07-01").input.value).toBe("01/07/2025");
  });

  it("shows zh-TW dates year first", () => {
    expect(setup("zh-TW", "2025-06-26").input.value).toBe("2025/06/26");
  });

  it("emits ISO as soon as a whole date is typed", async () => {
    const { input, onchange } = setup("fr");
    await userEvent.type(input, "26/06/2025");
    expect(onchange).toHaveBeenLastCalledWith("2025-06-26");
    expect(onchange).toHaveBeenCalledTimes(1);
    await userEvent.tab();
    expect(input.value).toBe("26/06/2025");
    expect(screen.queryByTestId("due-error")).toBeNull();
  });

  it("tidies what is typed and accepts ISO (the end-to-end tests set ISO values)", async () => {
    const { input, onchange } = setup("en");
    await userEvent.type(input, "1.7.2025");
    await userEvent.tab();
    expect(input.value).toBe("01/07/2025");
    expect(onchange).toHaveBeenLastCalledWith("2025-07-01");
    input.value = "2025-09-27";
    await fireEvent.input(input);
    await fireEvent.change(input);
    expect(onchange).toHaveBeenLastCalledWith("2025-09-27");
    expect(input.value).toBe("27/09/2025");
  });

  it("takes a value set by a script with an input event alone", async () => {
    const { input, onchange } = setup("fr");
    input.value = "2025-09-27";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    expect(onchange).toHaveBeenLastCalledWith("2025-09-27");
  });

  it("refuses a date in the wrong order, with a message in the planner's language beside the field", async () => {
    const { input, onchange } = setup("fr");
    await userEvent.type(input, "2025-26-06");
    await userEvent.tab();
    const error = screen.getByTestId("due-error");
    expect(error).toHaveTextContent("Le mois de « 2025-26-06 » n’existe pas : la date s’écrit jj/mm/aaaa, par ex. 26/06/2025.");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAttribute("aria-describedby", error.id);
    expect(onchange).not.toHaveBeenCalled();

    await userEvent.clear(input);
    await userEvent.type(input, "31/02/2025");
    await userEvent.tab();
    expect(screen.getByTestId("due-error")).toHaveTextContent("Cette date n’existe pas : 31/02/2025.");

    await userEvent.clear(input);
    await userEvent.type(input, "28/02/2025");
    expect(screen.queryByTestId("due-error")).toBeNull();
    expect(onchange).toHaveBeenLastCalledWith("2025-02-28");
  });

  it("says the expected shape in Chinese", async () => {
    const { input } = setup("zh-TW");
    await userEvent.type(input, "26/06/2025");
    await userEvent.tab();
    expect(screen.getByTestId("due-error")).toHaveTextContent("請以 yyyy/mm/dd 格式輸入日期，例如 2025/06/26。");
  });

  it("picks a date from the calendar with the keyboard and gives focus back", async () => {
    const { input, onchange } = setup("fr", "2025-06-26");
    input.focus();
    await userEvent.keyboard("{Alt>}{ArrowDown}{/Alt}");
    const calendar = screen.getByTestId("due-calendar");
    expect(calendar).toHaveTextContent("juin 2025");
    expect(document.activeElement).toHaveAttribute("data-date", "2025-06-26");
    // Monday first in French.
    expect(calendar.querySelector("th")).toHaveAttribute("abbr", "lundi");
    await userEvent.keyboard("{ArrowRight}{ArrowDown}");
    expect(document.activeElement).toHaveAttribute("data-date", "2025-07-04");
    expect(calendar).toHaveTextContent("juillet 2025");
    await userEvent.keyboard("{PageUp}");
    expect(document.activeElement).toHaveAttribute("data-date", "2025-06-04");
    await userEvent.keyboard("{Enter}");
    expect(onchange).toHaveBeenLastCalledWith("2025-06-04");
    expect(screen.queryByTestId("due-calendar")).toBeNull();
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe("04/06/2025");
  });

  it("closes on Escape without choosing, and never keeps the focus", async () => {
    const { input, onchange } = setup("en", "2025-06-26");
    await userEvent.click(screen.getByTestId("due-open"));
    expect(screen.getByTestId("due-calendar")).toBeInTheDocument();
    await userEvent.keyboard("{ArrowLeft}{Escape}");
    expect(screen.queryByTestId("due-calendar")).toBeNull();
    expect(document.activeElement).toBe(input);
    expect(onchange).not.toHaveBeenCalled();

    // Tab leaves the calendar and the component: the popup closes behind it.
    await userEvent.click(screen.getByTestId("due-open"));
    expect(screen.getByTestId("due-calendar")).toBeInTheDocument();
    for (let i = 0; i < 4; i++) await userEvent.tab();
    expect(screen.queryByTestId("due-calendar")).toBeNull();
    expect(document.activeElement).toBe(document.body);
  });
});

describe("TimeInput", () => {
  it("reads the 24-hour clock and refuses AM/PM", async () => {
    applyLocale("fr");
    const onchange = vi.fn();
    render(TimeInput, { props: { value: "09:00", testid: "start", label: "Début", onchange } });
    const input = screen.getByTestId("start") as HTMLInputElement;
    expect(input.value).toBe("09:00");
    await userEvent.clear(input);
    await userEvent.type(input, "14h30");
    expect(onchange).toHaveBeenLastCalledWith("14:30");
    await userEvent.tab();
    expect(input.value).toBe("14:30");
    await userEvent.clear(input);
    await userEvent.type(input, "2 PM");
    await userEvent.tab();
    expect(screen.getByTestId("start-error")).toHaveTextContent("Heure à saisir sur 24 h, par ex. 14:30.");
  });
});
