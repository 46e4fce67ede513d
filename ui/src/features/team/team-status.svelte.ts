// Where this copy stands with the agency's team server, shared by the sidebar and the team
// panel: fetched once, then kept by the backend's `team-status` event (sent after every
// background sync attempt) and refreshed after the panel's own actions.
import { getTeamStatus, onTeamStatus } from "../../lib/api";
import type { TeamStatus } from "../../lib/bindings";

export const team = $state<{ status: TeamStatus | null; reveal: boolean }>({ status: null, reveal: false });

/** Asks the backend again (after join, sync or leave); the last known status stays on failure. */
export async function refreshTeamStatus(): Promise<void> {
  try {
    team.status = await getTeamStatus();
  } catch {
    // the sidebar keeps what it showed; the panel shows its own errors
  }
}

/** Follows the status (the sidebar, for the window's life); returns the function that stops. */
export function followTeamStatus(): () => void {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  void onTeamStatus((s) => {
    team.status = s;
  }).then((u) => {
    if (stopped) quietly(u);
    else unlisten = u;
  });
  void refreshTeamStatus();
  return () => {
    stopped = true;
    if (unlisten) quietly(unlisten);
  };
}

/** A scope as the planner reads it: the directory, or the mission's title (its id if unknown). */
export function scopeLabel(scope: string, directory: string, titles: ReadonlyMap<string, string>): string {
  if (scope === "directory") return directory;
  const id = scope.startsWith("mission:") ? scope.slice("mission:".length) : scope;
  return titles.get(id) ?? id;
}

function quietly(stop: () => void) {
  try {
    stop();
  } catch {
    // the bridge is gone already (window closing, a test tearing down)
  }
}
