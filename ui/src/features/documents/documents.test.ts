import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { DocumentPreview } from "../../lib/bindings";
import { callsOf, fakeBackend } from "../../test/backend";
import { missionDetail } from "../../test/fixtures";
import DocumentsPanel from "./DocumentsPanel.svelte";

const PNG = "data:image/png;base64,iVBORw0KGgo=";
const pages = (lang: string): DocumentPreview => ({
  pageCount: lang === "en+zh-TW" ? 3 : 1,
  pages: lang === "en+zh-TW" ? [PNG + "A", PNG + "B", PNG + "C"] : [PNG],
  millis: 12,
});

describe("documents panel", () => {
  it("previews in the chosen language and for the chosen delegate, and shows the pages", async () => {
    const calls = fakeBackend({ preview_document: (input) => pages(String(input.lang)) });
    render(DocumentsPanel, { detail: missionDetail });
    expect(await screen.findAllByTestId("documents-page")).toHaveLength(1);

    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId("documents-lang"), "en+zh-TW");
    await waitFor(() => expect(screen.getAllByTestId("documents-page")).toHaveLength(3));
    const imgs = screen.getAllByTestId("documents-page");
    expect(imgs[1]).toHaveAttribute("src", PNG + "B");
    expect(screen.getByTestId("documents-page-count")).toHaveTextContent("3");
    expect(callsOf(calls, "preview_document").at(-1)?.args).toEqual({
      input: { missionId: "mis_tsha", kind: "programme", lang: "en+zh-TW", participantId: null },
    });

    await user.selectOptions(screen.getByTestId("documents-kind"), "itinerary");
    await user.selectOptions(screen.getByTestId("documents-participant"), "con_lead");
    await waitFor(() =>
      expect(callsOf(calls, "preview_document").at(-1)?.args).toEqual({
        input: { missionId: "mis_tsha", kind: "itinerary", lang: "en+zh-TW", participantId: "con_lead" },
      }),
    );
  });

  it("makes an interpreter's briefing pack for the person chosen, beside the itinerary", async () => {
    const calls = fakeBackend({ preview_document: () => pages("fr") });
    render(DocumentsPanel, { detail: missionDetail });
    const kinds = Array.from((screen.getByTestId("documents-kind") as HTMLSelectElement).options).map((o) => o.value);
    expect(kinds.indexOf("interpreter")).toBe(kinds.indexOf("itinerary") + 1);
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId("documents-kind"), "interpreter");
    await user.selectOptions(screen.getByTestId("documents-participant"), "con_lead");
    await waitFor(() =>
      expect(callsOf(calls, "preview_document").at(-1)?.args).toEqual({
        input: { missionId: "mis_tsha", kind: "interpreter", lang: "en", participantId: "con_lead" },
      }),
    );
    const option = screen.getByRole("option", { name: /Interpreter’s briefing/ });
    expect(option).toHaveValue("interpreter");
  });

  it("offers every language pair, French + Chinese included, each named in the UI language", async () => {
    const calls = fakeBackend({ preview_document: () => pages("fr") });
    render(DocumentsPanel, { detail: missionDetail });
    const select = screen.getByTestId("documents-lang") as HTMLSelectElement;
    const values = Array.from(select.options).map((o) => o.value);
    for (const pair of ["fr+en", "fr+zh-TW", "en+fr", "en+zh-TW", "zh-TW+fr", "zh-TW+en"]) {
      expect(values).toContain(pair);
    }
    for (const option of Array.from(select.options)) {
      expect(option.textContent).not.toMatch(/documents\.lang/);
    }
    await userEvent.setup().selectOptions(select, "fr+zh-TW");
    await waitFor(() =>
      expect(callsOf(calls, "preview_document").at(-1)?.args).toEqual({
        input: { missionId: "mis_tsha", kind: "programme", lang: "fr+zh-TW", participantId: null },
      }),
    );
  });

  it("names the items a language's documents print as typed while others have a title in it", async () => {
    const detail = structuredClone(missionDetail);
    const items = detail.days.flatMap((d) => d.items);
    // Every item but one has a Chinese title; none has a French one (the planner does not
    // translate into French: nothing to say).
    items.forEach((item, i) => (item.titles = i === 0 ? {} : { zhTw: `項目 ${i}` }));
    const first = items[0];
    fakeBackend({ preview_document: (input) => pages(String(input.lang)) });
    render(DocumentsPanel, { detail });
    await screen.findAllByTestId("documents-page");
    expect(screen.queryByTestId("documents-untranslated")).toBeNull();

    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId("documents-lang"), "fr+zh-TW");
    const said = await screen.findAllByTestId("documents-untranslated");
    expect(said).toHaveLength(1);
    expect(said[0]).toHaveTextContent(`Traditional Chinese: 1 item has no title in this language and prints as typed: “${first.title}”.`);

    // The name cards print no item: nothing said.
    await user.selectOptions(screen.getByTestId("documents-kind"), "cards");
    await waitFor(() => expect(screen.queryByTestId("documents-untranslated")).toBeNull());
  });

  it("names the tracks a language's programme, itineraries and cards print as typed while others have a name in it", async () => {
    const detail = structuredClone(missionDetail);
    detail.subgroups = [
      { id: "grp_cardio", name: "Cardiology track", names: { zhTw: "心臟科組" } },
      { id: "grp_onco", name: "Oncology track", names: {} },
    ];
    fakeBackend({ preview_document: (input) => pages(String(input.lang)) });
    render(DocumentsPanel, { detail });
    await screen.findAllByTestId("documents-page");
    expect(screen.queryByTestId("documents-untranslated")).toBeNull();

    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId("documents-lang"), "en+zh-TW");
    const said = await screen.findAllByTestId("documents-untranslated");
    expect(said.map((p) => p.textContent)).toEqual([
      "Traditional Chinese: 1 track has no name in this language and prints as typed: “Oncology track”.",
    ]);
    // The name cards print a person's track: said; the caterer's sheet names none: not said.
    await user.selectOptions(screen.getByTestId("documents-kind"), "cards");
    expect(await screen.findByTestId("documents-untranslated")).toHaveTextContent("Oncology track");
    await user.selectOptions(screen.getByTestId("documents-kind"), "catering");
    await waitFor(() => expect(screen.queryByTestId("documents-untranslated")).toBeNull());
  });

  it("says clearly when the Chinese font is missing", async () => {
    fakeBackend({
      preview_document: () => {
        throw { kind: "conflict", code: "missingCjkFont", message: "Install fonts-noto-cjk to print Traditional Chinese", field: null };
      },
    });
    render(DocumentsPanel, { detail: missionDetail });
    expect(await screen.findByTestId("documents-font-missing")).toBeInTheDocument();
    expect(screen.getByTestId("api-error")).toHaveTextContent("fonts-noto-cjk");
    expect(screen.queryByTestId("documents-page")).not.toBeInTheDocument();
  });

  it("prints the chosen document on the chosen printer and shows the print service's answer", async () => {
    const calls = fakeBackend({
      preview_document: () => pages("fr"),
      list_printers: () => ({ names: ["Accueil", "Bureau-2"], default: "Bureau-2", available: true }),
      print_document: () => "request id is Accueil-7 (1 file(s))",
    });
    render(DocumentsPanel, { detail: missionDetail });
    const user = userEvent.setup();
    const select = await screen.findByTestId("documents-printer");
    expect(select).toHaveValue("Bureau-2");
    await user.selectOptions(select, "Accueil");
    await user.selectOptions(screen.getByTestId("documents-kind"), "cards");
    await user.click(screen.getByTestId("documents-print"));
    expect(await screen.findByTestId("documents-notice")).toHaveTextContent("Accueil-7");
    expect(callsOf(calls, "print_document").at(-1)?.args).toMatchObject({
      input: { document: { missionId: "mis_tsha", kind: "cards", participantId: null }, printer: "Accueil" },
    });
  });

  it("shows the print service's refusal beside the buttons and keeps the preview", async () => {
    fakeBackend({
      preview_document: () => pages("fr"),
      print_document: () => {
        throw { kind: "conflict", message: "No default printer is set up: choose a printer.", field: null };
      },
    });
    render(DocumentsPanel, { detail: missionDetail });
    await screen.findAllByTestId("documents-page");
    await userEvent.setup().click(screen.getByTestId("documents-print"));
    expect(await screen.findByTestId("api-error")).toHaveTextContent("No default printer");
    expect(screen.getAllByTestId("documents-page")).toHaveLength(1);
  });

  it("says when the computer has no print service and disables Print", async () => {
    fakeBackend({
      preview_document: () => pages("fr"),
      list_printers: () => ({ names: [], default: null, available: false }),
    });
    render(DocumentsPanel, { detail: missionDetail });
    expect(await screen.findByTestId("documents-no-print")).toBeInTheDocument();
    expect(screen.getByTestId("documents-print")).toBeDisabled();
  });

  it("compares the chosen versions in a change sheet, or a version against the draft", async () => {
    const version = (number: number) => ({ number, publishedAt: "2025-06-01T10:00:00Z", note: null, itemCount: 3 });
    const calls = fakeBackend({
      preview_document: () => pages("fr"),
      get_programme_state: () => ({ versions: [version(1), version(2), version(3)] }),
    });
    render(DocumentsPanel, { detail: missionDetail });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId("documents-kind"), "changes");
    const from = await screen.findByTestId("documents-from-version");
    await waitFor(() => expect(from).toHaveValue("2"));
    expect(screen.getByTestId("documents-to-version")).toHaveValue("3");
    await waitFor(() =>
      expect(callsOf(calls, "preview_document").at(-1)?.args).toMatchObject({ input: { kind: "changes", versions: "2..3" } }),
    );
    await user.selectOptions(from, "1");
    await user.selectOptions(screen.getByTestId("documents-to-version"), "");
    await waitFor(() =>
      expect(callsOf(calls, "preview_document").at(-1)?.args).toMatchObject({ input: { kind: "changes", versions: "1.." } }),
    );
  });
});
