import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { applyLocale } from "../../lib/i18n/index.svelte";
import { callsOf, fakeBackend } from "../../test/backend";
import { contact } from "../../test/fixtures";
import ContactRights from "./ContactRights.svelte";

const zoe = contact({ id: "con_zoe", givenName: "Zoë", familyName: "Van den Broeck" });

describe("a person's erasure", () => {
  afterEach(() => applyLocale("en"));

  it("asks in French for the name typed before erasing, the focus in the field; Escape keeps the person", async () => {
    applyLocale("fr");
    const calls = fakeBackend({ erase_contact: () => ({ contactId: "con_zoe" }) });
    render(ContactRights, { contact: zoe });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("erase"));
    const box = await screen.findByTestId("erase-confirm");
    expect(box).toHaveTextContent("L’effacement retire Zoë Van den Broeck");
    const name = within(box).getByTestId("erase-name");
    expect(name).toHaveFocus();
    const yes = within(box).getByTestId("erase-confirm-yes");
    expect(yes).toBeDisabled();
    await user.type(name, "Zoë Van den");
    expect(yes).toBeDisabled();

    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("erase-confirm")).toBeNull();
    expect(screen.getByTestId("erase")).toHaveFocus();
    expect(callsOf(calls, "erase_contact")).toHaveLength(0);

    await user.click(screen.getByTestId("erase"));
    await user.type(screen.getByTestId("erase-name"), "Zoë Van den Broeck");
    await user.click(screen.getByTestId("erase-confirm-yes"));
    expect(callsOf(calls, "erase_contact").at(-1)?.args).toEqual({ input: { id: "con_zoe" } });
  });
});
