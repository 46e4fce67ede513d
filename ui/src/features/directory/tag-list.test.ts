import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApiError, TagCount } from "../../lib/bindings";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { callsOf, fakeBackend } from "../../test/backend";
import TagList from "./TagList.svelte";

describe("the directory's tags", () => {
  afterEach(() => applyLocale("en"));

  it("lists each tag with its people, renames one into another (said as a merge first), and takes one off everyone after a question, in French", async () => {
    applyLocale("fr");
    let tags: TagCount[] = [
      { tag: "host", contacts: 7 },
      { tag: "liege-doctor", contacts: 4 },
      { tag: "néphro", contacts: 1 },
    ];
    const calls = fakeBackend({
      list_tags: () => tags,
      rename_tag: (input) => {
        const { from, to } = input as { from: string; to: string };
        if (to.includes(",")) {
          const refused: ApiError = { kind: "validation", message: "to: comma", field: "to", code: "tagHasComma", params: {} };
          throw refused;
        }
        const moved = tags.find((x) => x.tag === from)!.contacts;
        tags = tags.filter((x) => x.tag !== from).map((x) => (x.tag === to.trim().toLowerCase() ? { ...x, contacts: x.contacts + moved } : x));
        return moved;
      },
      delete_tag: (input) => {
        tags = tags.filter((x) => x.tag !== (input as { tag: string }).tag);
        return 1;
      },
    });
    render(TagList);
    const user = userEvent.setup();
    await user.click(await screen.findByText("Voir les étiquettes (3)"));
    const row = (tag: string) => screen.getByTestId("tag-list").querySelector<HTMLElement>(`[data-tag="${tag}"]`);
    expect(row("host")).toHaveTextContent("host 7 contacts");
    expect(row("néphro")).toHaveTextContent("néphro 1 contact Renommer");

    // A comma is refused beside the name.
    await user.click(within(row("liege-doctor")!).getByTestId("tag-rename"));
    const name = screen.getByTestId("tag-rename-name");
    await user.clear(name);
    await user.type(name, "host, guest");
    await user.click(screen.getByTestId("tag-rename-save"));
    expect(await screen.findByTestId("error-tag")).toHaveTextContent("virgule");

    // Into a tag already used: said before saving, then merged.
    await user.clear(name);
    await user.type(name, "Host");
    expect(screen.getByTestId("tag-merges")).toHaveTextContent("« host » est déjà utilisée : les deux étiquettes seront fusionnées.");
    await user.click(screen.getByTestId("tag-rename-save"));
    expect(callsOf(calls, "rename_tag").at(-1)?.args).toEqual({ input: { from: "liege-doctor", to: "Host" } });
    await vi.waitFor(() => expect(row("liege-doctor")).toBeNull());
    expect(row("host")).toHaveTextContent("host 11 contacts");

    // Deleting asks first; Escape keeps the tag, the second time it goes.
    await user.click(within(row("néphro")!).getByTestId("tag-delete"));
    const box = screen.getByTestId("tag-delete-confirm");
    expect(box).toHaveTextContent("Retirer l’étiquette « néphro » à 1 contact ? Le contact est conservé.");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("tag-delete-confirm")).toBeNull();
    expect(within(row("néphro")!).getByTestId("tag-delete")).toHaveFocus();
    expect(callsOf(calls, "delete_tag")).toHaveLength(0);
    await user.click(within(row("néphro")!).getByTestId("tag-delete"));
    await user.click(screen.getByTestId("tag-delete-confirm-yes"));
    expect(callsOf(calls, "delete_tag").at(-1)?.args).toEqual({ input: { tag: "néphro" } });
    await vi.waitFor(() => expect(row("néphro")).toBeNull());
  });
});
