import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import type { BackupInfo } from "../../lib/bindings";
import { appInfo, callsOf, fakeBackend } from "../../test/backend";

const backup = (fileName: string, createdAt: string, missions = 1, encrypted = false): BackupInfo => ({
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
  encrypted,
});
/** An encrypted backup as listed: its file's facts only. */
const sealed = (fileName: string, createdAt: string): BackupInfo => ({
  ...backup(fileName, createdAt, 0, true),
  organisations: 0,
  contacts: 0,
  technologies: 0,
  agendaItems: 0,
});
const wrongPassphrase = {
  kind: "validation",
  message: "passphrase: This passphrase does not open this backup. Nothing was changed.",
  field: "passphrase",
  code: "backupPassphraseWrong",
  params: {},
};

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
      input: { fileName: "passerelle-20250628-090000.sqlite3", passphrase: null },
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
    // The log's English reason is folded under a French summary, for whoever helps.
    const detail = screen.getByTestId("recovery-detail");
    expect(detail).not.toHaveAttribute("open");
    expect(detail.querySelector("summary")).toHaveTextContent("Détail technique");
    expect(detail.querySelector("p")).toHaveAttribute("lang", "en");
  });
});

describe("damage found after the open", () => {
  it("switches the open window to the recovery screen when the file's check finds damage", async () => {
    let damaged = false;
    fakeBackend({
      get_app_info: () =>
        appInfo({
          locale: "zh-TW",
          recovery: damaged
            ? {
                problem: "damagedFound",
                message: "passerelle.sqlite3 is not a Passerelle database: it is damaged",
                dbPath: "/data/passerelle.sqlite3",
                backups: [backup("passerelle-20250628-090000.sqlite3", "2025-06-28T09:00:00Z")],
              }
            : null,
        }),
    });
    render(App);
    expect(await screen.findByTestId("nav-missions")).toBeInTheDocument();
    damaged = true;
    await emit("store-damaged", null);
    const screenEl = await screen.findByTestId("recovery");
    expect(screenEl).toHaveTextContent("檢查發現資料庫檔案已損壞");
    expect(within(screenEl).getByTestId("backup-action")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-missions")).not.toBeInTheDocument();
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
      input: { fileName: "passerelle-20251121-090000.sqlite3", passphrase: null },
    });
    expect(await screen.findByTestId("backup-done")).toHaveTextContent("has been restored");
  });
});

describe("encrypted backups", () => {
  it("asks for the passphrase twice, refuses an empty one or two that differ beside the field", async () => {
    window.location.hash = "#/backups";
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      list_backups: () => [],
      get_backup_dir: () => "/media/stick",
      backup_now: () => sealed("passerelle-20251122-090000.sqlite3.age", "2025-11-22T09:00:00Z"),
    });
    render(App);

    await userEvent.click(await screen.findByTestId("backup-encrypt"));
    const now = screen.getByTestId("backup-now");
    await userEvent.click(now);
    expect(await screen.findByTestId("error-passphrase")).toHaveTextContent("Type a passphrase.");
    expect(screen.getByTestId("passphrase")).toHaveAttribute("type", "password");

    await userEvent.type(screen.getByTestId("passphrase"), "thé à Hsinchu");
    await userEvent.type(screen.getByTestId("passphrase-again"), "thé à Hsinchu!");
    await userEvent.click(now);
    expect(await screen.findByTestId("error-passphraseAgain")).toHaveTextContent("The two passphrases differ.");
    expect(screen.queryByTestId("error-passphrase")).not.toBeInTheDocument();
    expect(callsOf(calls, "backup_now")).toHaveLength(0);

    await userEvent.clear(screen.getByTestId("passphrase-again"));
    await userEvent.type(screen.getByTestId("passphrase-again"), "thé à Hsinchu");
    await userEvent.click(now);
    expect(await screen.findByTestId("backup-done")).toHaveTextContent("Encrypted backup made");
    expect(callsOf(calls, "backup_now")[0].args).toEqual({ input: { passphrase: "thé à Hsinchu" } });
    // Forgotten once used.
    expect(screen.getByTestId("passphrase")).toHaveValue("");
    expect(screen.getByTestId("passphrase-again")).toHaveValue("");
  });

  it("says the backend's refusal of an empty passphrase in the planner's language", async () => {
    window.location.hash = "#/backups";
    fakeBackend({
      get_app_info: () => appInfo({ locale: "fr" }),
      list_backups: () => [],
      get_backup_dir: () => "/media/clé",
    });
    render(App);
    await userEvent.click(await screen.findByTestId("backup-encrypt"));
    await userEvent.click(screen.getByTestId("backup-now"));
    expect(await screen.findByTestId("error-passphrase")).toHaveTextContent("Saisissez une phrase secrète.");
  });

  it("a plain backup sends no passphrase", async () => {
    window.location.hash = "#/backups";
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      list_backups: () => [],
      get_backup_dir: () => "/data/backups",
      backup_now: () => backup("passerelle-20251122-090000.sqlite3", "2025-11-22T09:00:00Z"),
    });
    render(App);
    await userEvent.click(await screen.findByTestId("backup-now"));
    expect(await screen.findByTestId("backup-done")).toHaveTextContent("Backup made");
    expect(callsOf(calls, "backup_now")[0].args).toEqual({ input: { passphrase: null } });
  });

  it("restores an encrypted backup with its passphrase, a wrong one said beside the field", async () => {
    window.location.hash = "#/backups";
    let tries = 0;
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "zh-TW" }),
      list_backups: () => [sealed("passerelle-20251122-090000.sqlite3.age", "2025-11-22T09:00:00Z")],
      get_backup_dir: () => "/data/backups",
      restore_backup: () => {
        tries += 1;
        if (tries === 1) throw wrongPassphrase;
        return backup("passerelle-20251122-090000.sqlite3.age", "2025-11-22T09:00:00Z", 1, true);
      },
    });
    render(App);

    const item = await screen.findByTestId("backup");
    expect(within(item).getByTestId("backup-encrypted")).toHaveTextContent("已加密");
    expect(item).not.toHaveTextContent("0 個訪問團");
    await userEvent.click(within(item).getByTestId("backup-action"));
    const confirm = await screen.findByTestId("restore-confirm");
    await userEvent.click(within(confirm).getByTestId("restore-confirm-yes"));
    expect(await within(confirm).findByTestId("error-passphrase")).toHaveTextContent("請輸入密碼。");
    expect(callsOf(calls, "restore_backup")).toHaveLength(0);

    await userEvent.type(within(confirm).getByTestId("passphrase"), "faux");
    await userEvent.click(within(confirm).getByTestId("restore-confirm-yes"));
    expect(await within(confirm).findByTestId("error-passphrase")).toHaveTextContent("這個密碼無法開啟此備份");
    expect(screen.queryByTestId("api-error")).not.toBeInTheDocument();

    await userEvent.clear(within(confirm).getByTestId("passphrase"));
    await userEvent.type(within(confirm).getByTestId("passphrase"), "thé à Hsinchu");
    await userEvent.click(within(confirm).getByTestId("restore-confirm-yes"));
    expect(await screen.findByTestId("backup-done")).toBeInTheDocument();
    expect(screen.queryByTestId("restore-confirm")).not.toBeInTheDocument();
    expect(callsOf(calls, "restore_backup")[1].args).toEqual({
      input: { fileName: "passerelle-20251122-090000.sqlite3.age", passphrase: "thé à Hsinchu" },
    });
  });

  it("the recovery screen asks an encrypted backup's passphrase before restoring it", async () => {
    let tries = 0;
    const calls = fakeBackend({
      get_app_info: () =>
        appInfo({
          locale: "en",
          recovery: {
            problem: "damaged",
            message: "damaged",
            dbPath: "/data/passerelle.sqlite3",
            backups: [sealed("passerelle-20250628-090000.sqlite3.age", "2025-06-28T09:00:00Z")],
          },
        }),
      recover_from_backup: () => {
        tries += 1;
        if (tries === 1) throw wrongPassphrase;
        return null;
      },
    });
    render(App);

    const screenEl = await screen.findByTestId("recovery");
    await userEvent.click(within(screenEl).getByTestId("backup-action"));
    const asking = await screen.findByTestId("recovery-passphrase");
    expect(callsOf(calls, "recover_from_backup")).toHaveLength(0);
    await userEvent.type(within(asking).getByTestId("passphrase"), "faux");
    await userEvent.click(within(asking).getByTestId("recovery-passphrase-ok"));
    expect(await within(asking).findByTestId("error-passphrase")).toHaveTextContent("does not open this backup");
    await userEvent.clear(within(asking).getByTestId("passphrase"));
    await userEvent.type(within(asking).getByTestId("passphrase"), "thé à Hsinchu");
    await userEvent.click(within(asking).getByTestId("recovery-passphrase-ok"));
    expect(callsOf(calls, "recover_from_backup")[1].args).toEqual({
      input: { fileName: "passerelle-20250628-090000.sqlite3.age", passphrase: "thé à Hsinchu" },
    });
  });
});
