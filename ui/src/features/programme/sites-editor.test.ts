import { applyLocale } from "../../lib/i18n/index.svelte";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { fakeBackend } from "../../test/backend";
import { missionDetail, programmeState } from "../../test/fixtures";
import SitesEditor from "./SitesEditor.svelte";

afterEach(() => applyLocale("en"));

describe("the sites editor", () => {
  it("says a room's refusal beside that room, not at the top of the sites", async () => {
    applyLocale("fr");
    fakeBackend({
      get_programme_state: programmeState,
      save_room: () => {
        throw { kind: "validation", message: "name: required", field: "name", code: "required", params: {} };
      },
    });
    render(SitesEditor, { props: { detail: missionDetail } });
    const room = (await screen.findAllByTestId("room"))[0];
    const name = within(room).getByLabelText("Salle");
    await fireEvent.change(name, { target: { value: "" } });
    const said = await within(room).findByTestId("api-error");
    expect(said).toHaveTextContent("Obligatoire.");
    expect(screen.getAllByTestId("api-error")).toHaveLength(1);
  });
});
