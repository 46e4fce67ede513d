// The window refetches what a commit touched, once: the kinds each screen reads, or a record it
// shows by id; a burst of events is one refetch; a refetched mission is no reason to refetch
// its programme.
import { render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import App from "../App.svelte";
import { announce, mentions, onChange, touches, type Change } from "./store-events.svelte";
import { callsOf, emitStoreChanged, fakeBackend, type Call } from "../test/backend";
import { missionDetail, programmeState } from "../test/fixtures";

const programme = programmeState();

const settle = () => new Promise((r) => setTimeout(r, 60));
const count = (calls: Call[], cmd: string) => callsOf(calls, cmd).length;

describe("what a change concerns", () => {
  it("a kind read, an unknown kind, or a record the data shows", () => {
    const contacts: Change = { entities: ["contacts"], ids: { contacts: ["con_lead"] } };
    expect(touches(contacts, ["contacts", "organisations"])).toBe(true);
    expect(touches(contacts, ["agenda_items"])).toBe(false);
    expect(touches({ entities: ["a_table_of_tomorrow"], ids: {} }, ["agenda_items"])).toBe(true);
    expect(mentions(contacts, { people: [{ id: "con_lead", name: "Dr. Lin" }] })).toBe(true);
    expect(mentions(contacts, { people: [{ id: "con_lead_2", name: "Dr. Lin" }] })).toBe(false);
    expect(mentions({ entities: ["contacts"], ids: {} }, { people: [{ id: "con_lead" }] })).toBe(false);
  });

  it("merges a burst into one change; a kind once told without ids stays so", async () => {
    const heard: Change[] = [];
    const stop = onChange((c) => void heard.push(c));
    announce({ entities: ["contacts"], ids: { contacts: ["con_a"] } });
    announce({ entities: ["contacts", "organisations"], ids: { contacts: ["con_b"], organisations: ["org_a"] } });
    announce({ entities: ["organisations"], ids: {} });
    await settle();
    stop();
    expect(heard).toEqual([{ entities: ["contacts", "organisations"], ids: { contacts: ["con_a", "con_b"] } }]);
  });
});

describe("refetching after a commit", () => {
  beforeEach(() => {
    window.location.hash = "#/missions/mis_tsha";
  });

  it("a contacts change refetches the contacts list and not the programme", async () => {
    window.location.hash = "#/contacts";
    const calls = fakeBackend({ get_mission: () => missionDetail, get_programme_state: () => programme });
    render(App);
    await vi.waitFor(() => expect(count(calls, "list_contacts")).toBe(1));
    await emitStoreChanged(["contacts"], { contacts: ["con_new"] });
    await vi.waitFor(() => expect(count(calls, "list_contacts")).toBe(2));

    window.location.hash = "#/missions/mis_tsha";
    await screen.findByTestId("conflicts-panel");
    await settle();
    const before = { mission: count(calls, "get_mission"), programme: count(calls, "get_programme_state") };
    await emitStoreChanged(["contacts"], { contacts: ["con_new"] });
    await settle();
    expect(count(calls, "get_mission")).toBe(before.mission);
    expect(count(calls, "get_programme_state")).toBe(before.programme);

    // A person of the delegation renamed: the mission that shows them is refetched.
    await emitStoreChanged(["contacts"], { contacts: ["con_lead"] });
    await vi.waitFor(() => expect(count(calls, "get_mission")).toBe(before.mission + 1));
  });

  it("a programme change refetches the mission and its programme once each, even in a burst", async () => {
    const calls = fakeBackend({ get_mission: () => missionDetail, get_programme_state: () => programme });
    render(App);
    await screen.findByTestId("conflicts-panel");
    await settle();
    const before = { mission: count(calls, "get_mission"), programme: count(calls, "get_programme_state") };
    expect(before).toEqual({ mission: 1, programme: 1 });

    await Promise.all([
      emitStoreChanged(["agenda_items"], { agenda_items: ["itm_1"] }),
      emitStoreChanged(["agenda_items", "missions"], { agenda_items: ["itm_2"], missions: ["mis_tsha"] }),
    ]);
    await settle();
    expect(count(calls, "get_mission")).toBe(2);
    // The refetched detail has the same mission id: the programme is not fetched a second time.
    expect(count(calls, "get_programme_state")).toBe(2);
    expect(count(calls, "list_contacts")).toBe(0);
  });
});
