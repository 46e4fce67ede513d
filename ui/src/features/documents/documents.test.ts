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

  it("says clearly when the Chinese font is missing", async () => {
    fakeBackend({
      preview_document: () => {
        throw { kind: "conflict", message: "Install fonts-noto-cjk to print Traditional Chinese", field: null };
      },
    });
    render(DocumentsPanel, { detail: missionDetail });
    expect(await screen.findByTestId("documents-font-missing")).toBeInTheDocument();
    expect(screen.getByTestId("api-error")).toHaveTextContent("fonts-noto-cjk");
    expect(screen.queryByTestId("documents-page")).not.toBeInTheDocument();
  });
});
