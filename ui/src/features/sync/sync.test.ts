import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import type { Exchange, InboxEntry } from "../../lib/bindings";
import { appInfo, callsOf, fakeBackend } from "../../test/backend";
import { missionDetail, missionSummaries } from "../../test/fixtures";

/** Two advisers moved the same visit offline: 14:30 here, 14:45 there (Brussels time). */
function moved(): InboxEntry {
  return {
    conflict: {
      id: "cfl_time",
      reason: "sync.bothChanged",
      entity: "agenda_items",
      entity_id: "itm_visit",
      field: "time",
      base: { starts_at: "2025-06-26T12:00:00Z", ends_at: "2025-06-26T12:30:00Z" },
      local: { starts_at: "2025-06-26T12:30:00Z", ends_at: "2025-06-26T13:00:00Z" },
      remote: { starts_at: "2025-06-26T12:45:00Z", ends_at: "2025-06-26T13:15:00Z" },
      local_at: "2025-06-20T09:12:00Z",
      remote_at: "2025-06-20T09:14:00Z",
      remote_replica: "rep_b7c1d2e3f4a5b6c7",
    },
    record: "Visite du CHU de Liège",
    zone: "Europe/Brussels",
    baseName: null,
    localName: null,
    remoteName: null,
  };
}

/** The other adviser deleted the site this one had just used. */
function siteGone(): InboxEntry {
  return {
    conflict: {
      id: "cfl_site",
      reason: "sync.editDeleted",
      entity: "sites",
      entity_id: "sit_chu",
      field: "*",
      base: null,
      local: { name: "CHU de Liège" },
      remote: null,
      local_at: "2025-06-20T09:10:00Z",
      remote_at: "2025-06-20T09:11:00Z",
      remote_replica: "rep_b7c1d2e3f4a5b6c7",
    },
    record: "CHU de Liège",
    zone: "Europe/Brussels",
    baseName: null,
    localName: null,
    remoteName: null,
  };
}

const received: Exchange = {
  at: "2025-06-20T10:00:00Z",
  direction: "received",
  missionId: "mis_tsha",
  peerReplica: "rep_b7c1d2e3f4a5b6c7",
  fileName: "TSHA-2025-06-26.passerelle",
  ops: 19,
  applied: 7,
  superseded: 0,
  already_known: 12,
  conflicts: 2,
};

beforeEach(() => {
  window.location.hash = "#/missions/mis_tsha/sync";
});

describe("the conflicts inbox", () => {
  it("names each record and field, shows both values in the site's zone, and settles one in one click", async () => {
    let open = [moved(), siteGone()];
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      get_mission: () => missionDetail,
      list_sync_conflicts: () => open,
      list_exchanges: () => [received],
      resolve_sync_conflict: (input) => {
        open = open.filter((e) => e.conflict.id !== input.id);
        return null;
      },
    });
    render(App);
    const items = await screen.findAllByTestId("sync-conflict");
    expect(items).toHaveLength(2);
    expect(screen.getByTestId("sync-badge")).toHaveTextContent("2");

    const time = items[0];
    expect(within(time).getByTestId("sync-conflict-record")).toHaveTextContent("Visite du CHU de Liège");
    expect(within(time).getByTestId("sync-conflict-field")).toHaveTextContent("Time");
    expect(within(time).getByTestId("sync-conflict-reason")).toHaveTextContent("Changed on both copies");
    // 12:30Z and 12:45Z are 14:30 and 14:45 in Brussels, never UTC nor the computer's zone.
    expect(within(time).getByTestId("sync-conflict-local")).toHaveTextContent("14:30–15:00");
    expect(within(time).getByTestId("sync-conflict-remote")).toHaveTextContent("14:45–15:15");
    expect(within(time).getByTestId("sync-conflict-remote")).toHaveTextContent("From copy b7c1d2");
    expect(time).toHaveTextContent("Before:");
    // When each side was edited: this computer's clock, as the files exchanged below.
    const { formatDateTime } = await import("../../lib/format");
    const { i18n } = await import("../../lib/i18n/index.svelte");
    expect(time).toHaveTextContent(`edited ${formatDateTime(i18n.intl, moved().conflict.local_at)}`);

    const site = items[1];
    expect(within(site).getByTestId("sync-conflict-local")).toHaveTextContent("Edited");
    expect(within(site).getByTestId("sync-conflict-remote")).toHaveTextContent("Deleted");

    await userEvent.click(within(time).getByTestId("sync-take-theirs"));
    await waitFor(() => expect(screen.getAllByTestId("sync-conflict")).toHaveLength(1));
    expect(callsOf(calls, "resolve_sync_conflict")[0].args).toEqual({ input: { id: "cfl_time", take: "remote" } });

    await userEvent.click(screen.getByTestId("sync-keep-mine"));
    await screen.findByTestId("sync-inbox-empty");
    expect(callsOf(calls, "resolve_sync_conflict")[1].args).toEqual({ input: { id: "cfl_site", take: "local" } });
    // The header says when the mission was last exchanged, and with whom.
    expect(screen.getByTestId("sync-last")).toHaveTextContent("received from copy b7c1d2");
    expect(screen.getByTestId("sync-history")).toHaveTextContent("TSHA-2025-06-26.passerelle");
  });

  it("says what a received file brought, in the planner's language, and what it refused", async () => {
    let refuse = false;
    fakeBackend({
      get_app_info: () => appInfo({ locale: "fr" }),
      get_mission: () => missionDetail,
      receive_file: () => {
        if (refuse) {
          throw { kind: "conflict", message: "other mission", field: null, code: "syncFileOtherMission", params: { fileMission: "Namur", mission: "TSHA" } };
        }
        return {
          counts: { applied: 7, superseded: 0, already_known: 1, conflicts: 2 },
          sender: "rep_b7c1d2e3f4a5b6c7",
          missionId: "mis_tsha",
          missionTitle: "TSHA",
          ownFile: false,
        };
      },
    });
    render(App);
    await userEvent.click(await screen.findByTestId("sync-receive"));
    const summary = await screen.findByTestId("sync-received");
    expect(summary).toHaveTextContent("Fichier reçu de la copie b7c1d2");
    expect(screen.getByTestId("sync-applied")).toHaveTextContent("7 modifications appliquées");
    expect(screen.getByTestId("sync-known")).toHaveTextContent("1 déjà présente");
    expect(screen.getByTestId("sync-conflicts")).toHaveTextContent("2 conflits à régler");

    refuse = true;
    await userEvent.click(screen.getByTestId("sync-receive"));
    const error = await screen.findByTestId("api-error");
    expect(error).toHaveTextContent("Ce fichier concerne la mission « Namur », pas « TSHA »");
    expect(screen.queryByTestId("sync-received")).toBeNull();
  });
});

describe("receive a mission from the missions list", () => {
  beforeEach(() => {
    window.location.hash = "#/missions";
  });

  it("receives a colleague's first copy of a mission, says what it brought and opens it", async () => {
    let received = false;
    let refuse = false;
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "zh-TW", isEmpty: !received }),
      list_missions: () => (received ? [missionSummaries[0]] : []),
      receive_file: () => {
        if (refuse) throw { kind: "validation", message: "not an exchange file", field: null, code: "syncFileDamaged", params: {} };
        received = true;
        return {
          counts: { applied: 410, superseded: 0, already_known: 0, conflicts: 0 },
          sender: "rep_b7c1d2e3f4a5b6c7",
          missionId: "mis_tsha",
          missionTitle: "TSHA delegation to Wallonia",
          ownFile: false,
        };
      },
    });
    render(App);
    expect(await screen.findByTestId("welcome-panel")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("receive-mission"));
    const summary = await screen.findByTestId("sync-received");
    expect(summary).toHaveTextContent("已接收來自 副本 b7c1d2 的訪問團「TSHA delegation to Wallonia」");
    expect(summary).toHaveTextContent("已套用 410 項變更");
    // A file of any mission: the window does not name one.
    expect(callsOf(calls, "receive_file")[0].args).toEqual({ input: { missionId: null } });
    // The card appears and the welcome panel goes (its first mission on this computer).
    await waitFor(() => expect(screen.getAllByTestId("mission-card")).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId("welcome-panel")).toBeNull());
    expect(screen.getByTestId("sync-open-mission")).toHaveAttribute("href", "#/missions/mis_tsha");

    refuse = true;
    await userEvent.click(screen.getByTestId("receive-mission"));
    expect(await screen.findByTestId("api-error")).toBeInTheDocument();
    expect(screen.queryByTestId("sync-received")).toBeNull();
  });
});

describe("a peer copy's name", () => {
  it("is the copy's short id, or 'the other copy' when the record does not say which", async () => {
    const { applyLocale } = await import("../../lib/i18n/index.svelte");
    const { peerName } = await import("./sync");
    applyLocale("fr");
    expect(peerName("rep_b7c1d2e3f4a5b6c7")).toBe("la copie b7c1d2");
    expect(peerName("")).toBe("l’autre copie");
    applyLocale("en");
    expect(peerName(null)).toBe("the other copy");
  });
});
