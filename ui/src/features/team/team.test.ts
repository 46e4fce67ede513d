import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import type { TeamStatus } from "../../lib/bindings";
import { appInfo, callsOf, fakeBackend, teamStatus } from "../../test/backend";
import { team } from "./team-status.svelte";

const joined = (overrides: Partial<TeamStatus> = {}): TeamStatus =>
  teamStatus({
    state: "synced",
    message: { code: "team.state.synced", params: {} },
    server: "127.0.0.1:5433/agency",
    member: "alice",
    lastSync: "2026-12-05T16:40:00Z",
    scopes: ["directory", "mission:mis_tsha"],
    ...overrides,
  });

beforeEach(() => {
  window.location.hash = "#/missions";
  // The status is the window's, kept between screens: each test starts from none.
  team.status = null;
});

describe("team server", () => {
  it("offers a discreet way to join, says a wrong password beside it, then shows the status", async () => {
    let status = teamStatus();
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "fr" }),
      get_backup_dir: () => "/data/backups",
      list_backups: () => [],
      team_status: () => status,
      team_join: (input) => {
        if (input.password !== "pw-alice") {
          throw {
            kind: "validation",
            message: "password: The server refused the password of alice.",
            field: "password",
            code: "teamWrongPassword",
            params: { member: "alice" },
          };
        }
        status = joined();
        return { server: "127.0.0.1:5433/agency", member: "alice", scopes: ["directory"] };
      },
    });
    render(App);

    const link = await screen.findByTestId("team-join-link");
    expect(link).toHaveTextContent("Rejoindre un serveur d’équipe");
    expect(screen.queryByTestId("team-status")).not.toBeInTheDocument();
    await userEvent.click(link);

    const form = await screen.findByTestId("team-join-form");
    await userEvent.type(within(form).getByTestId("team-input-url"), "postgresql://127.0.0.1:5433/agency");
    await userEvent.type(within(form).getByTestId("team-input-member"), "alice");
    await userEvent.type(within(form).getByTestId("team-input-password"), "nope");
    await userEvent.click(within(form).getByTestId("team-join"));

    const wrong = await screen.findByTestId("error-password");
    expect(wrong).toHaveTextContent("Le serveur a refusé le mot de passe de alice");
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByTestId("team-input-password")));
    expect(callsOf(calls, "team_join")[0].args).toEqual({
      input: { url: "postgresql://127.0.0.1:5433/agency", member: "alice", password: "nope" },
    });

    const password = within(form).getByTestId("team-input-password");
    await userEvent.clear(password);
    await userEvent.type(password, "pw-alice");
    await userEvent.click(within(form).getByTestId("team-join"));

    const badge = await screen.findByTestId("team-status");
    expect(badge).toHaveAttribute("role", "status");
    expect(within(badge).getByTestId("team-status-text")).toHaveTextContent("Synchronisé");
    expect(within(badge).getByTestId("team-status-when")).toHaveTextContent("Dernière synchronisation");
    expect(await screen.findByTestId("team-server")).toHaveTextContent("127.0.0.1:5433/agency");
    expect(screen.getByTestId("team-sync-now")).toBeInTheDocument();
    expect(screen.queryByTestId("team-join-link")).not.toBeInTheDocument();
  });

  it("follows the background sync's status: offline with the changes waiting, then synced", async () => {
    fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      team_status: () => joined(),
    });
    render(App);
    const text = await screen.findByTestId("team-status-text");
    expect(text).toHaveTextContent("Synced");

    await emit(
      "team-status",
      joined({ state: "offline", message: { code: "team.state.offline", params: { count: "3" } }, opsWaiting: 3 }),
    );
    await waitFor(() => expect(screen.getByTestId("team-status-text")).toHaveTextContent("Offline, 3 changes waiting"));
    expect(screen.getByTestId("team-status")).toHaveAttribute("data-state", "offline");

    await emit("team-status", joined({ state: "error", message: { code: "teamWrongPassword", params: { member: "alice" } } }));
    await waitFor(() => expect(screen.getByTestId("team-status-text")).toHaveTextContent("Sync error"));

    await emit("team-status", joined());
    await waitFor(() => expect(screen.getByTestId("team-status-text")).toHaveTextContent("Synced"));
  });

  it("syncs now and leaves from the panel", async () => {
    window.location.hash = "#/backups";
    let status = joined();
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      get_backup_dir: () => "/data/backups",
      list_backups: () => [],
      list_missions: () => [],
      team_status: () => status,
      team_sync: () => ({ pushed: 2, pulled: 5, conflicts: 1, applied: 5 }),
      team_leave: () => {
        status = teamStatus();
        return true;
      },
    });
    render(App);

    await userEvent.click(await screen.findByTestId("team-sync-now"));
    expect(await screen.findByTestId("team-done")).toHaveTextContent("Sent 2, received 5, conflicts 1.");
    expect(callsOf(calls, "team_sync")).toHaveLength(1);

    await userEvent.click(screen.getByTestId("team-leave"));
    const confirm = await screen.findByTestId("team-leave-confirm");
    expect(confirm).toHaveTextContent("Stop syncing with 127.0.0.1:5433/agency?");
    await userEvent.click(within(confirm).getByText("Leave the server"));
    expect(await screen.findByTestId("team-join-form")).toBeInTheDocument();
    expect(callsOf(calls, "team_leave")).toHaveLength(1);
    expect(await screen.findByTestId("team-join-link")).toBeInTheDocument();
  });
});
