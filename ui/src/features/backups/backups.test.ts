import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import type { BackupInfo } from "../../lib/bindings";
import { appInfo, callsOf, fakeBackend } from "../../test/backend";

const backup = (fileName: string, createdAt: string, missions = 1): BackupInfo => ({
  fileName,
  path: `/data/backups/${fileName}`,
  createdAt,
  bytes: 745_000,
  schemaVersion: 5,
  missions,
  organisations: 20,
  contacts: 21,
  technologies: 15,
  agendaItems: 16,
  missionTitles: missions ? ["TSHA delegation to Wallonia"] : [],
});

beforeEach(() => {
  window.location.hash = "#/missions";
});

describe("recovery screen", () => {
  it("explains a damaged database and restores the chosen backup by file name", async () => {
    const calls = fakeBackend({
      get_app_info: () =>
        appInfo({
          locale: "en",
          recovery: {
            problem: "damaged",
            message: "passerelle.sqlite3 is not a Passerelle database: it is damaged",
            dbPath: "/data/passerelle.sqlite3",
            backups: [backup("passerelle-20250628-090000.sqlite3", "2025-06-28T09:00:00Z")],
          },
        }),
      recover_from_backup: () => null,
    });
    render(App);

    const screenEl = await screen.findByTestId("recovery");
    expect(screenEl).toHaveTextContent("Passerelle cannot open your data");
    expect(screenEl).toHaveTextContent("The file has not been changed");
    expect(screenEl).toHaveTextContent("TSHA delegation to Wallonia");
    // No navigation into a database that could not be opened.
    expect(screen.queryByTestId("nav-missions")).not.toBeInTheDocument();

    await userEvent.click(within(screenEl).getByTestId("backup-action"));
    expect(callsOf(calls, "recover_from_backup")[0].args).toEqual({
      input: { fileName: "passerelle-20250628-090000.sqlite3" },
    });
  });

  it("says a newer version wrote the file", async () => {
    fakeBackend({
      get_app_info: () =>
        appInfo({
          locale: "fr",
          recovery: { problem: "newer", message: "schema version 9", dbPath: "/d/p.sqlite3", backups: [] },
        }),
    });
    render(App);
    const screenEl = await screen.findByTestId("recovery");
    expect(screenEl).toHaveTextContent("version plus récente de Passerelle");
    expect(screenEl).toHaveTextContent("Aucune sauvegarde");
  });
});

describe("backups page", () => {
  it("lists backups with their content and asks before restoring", async () => {
    window.location.hash = "#/backups";
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      list_backups: () => [
        backup("passerelle-20251122-090000.sqlite3", "2025-11-22T09:00:00Z"),
        backup("passerelle-20251121-090000.sqlite3", "2025-11-21T09:00:00Z", 0),
      ],
      restore_backup: () => backup("passerelle-20251121-090000.sqlite3", "2025-11-21T09:00:00Z", 0),
      get_backup_dir: () => "/data/backups",
    });
    render(App);

    const items = await screen.findAllByTestId("backup");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("1 mission");
    expect(items[0]).toHaveTextContent("TSHA delegation to Wallonia");
    expect(items[1]).toHaveTextContent("0 missions");
    expect(await screen.findByTestId("backup-dir")).toHaveTextContent("/data/backups");

    await userEvent.click(within(items[1]).getByTestId("backup-action"));
    const confirm = await screen.findByTestId("restore-confirm");
    expect(confirm).toHaveTextContent("replaced by this backup");
    expect(callsOf(calls, "restore_backup")).toHaveLength(0);
    await userEvent.click(within(confirm).getByTestId("restore-confirm-yes"));
    expect(callsOf(calls, "restore_backup")[0].args).toEqual({
      input: { fileName: "passerelle-20251121-090000.sqlite3" },
    });
    expect(await screen.findByTestId("backup-done")).toHaveTextContent("has been restored");
  });
});
