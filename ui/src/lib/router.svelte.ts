// A tiny hash router: the URL is the single source of truth, so Back/Forward (and the
// keyboard shortcuts for them) just work. Routes:
//   #/missions                      #/missions/:id[/programme|delegation|sites|followups|requests|today|report|budget|documents|sync]
//   #/organisations  #/organisations/:id
//   #/contacts       #/contacts/:id
//   #/technologies   #/technologies/:id

export const MISSION_TABS = ["programme", "delegation", "sites", "followups", "requests", "today", "report", "budget", "documents", "sync"] as const;
export type MissionTab = (typeof MISSION_TABS)[number];

export type Section = "missions" | "organisations" | "contacts" | "technologies" | "backups" | "directory";

export type Route =
  | { name: "missions" }
  | { name: "mission"; id: string; tab: MissionTab }
  | { name: "organisations" }
  | { name: "organisation"; id: string }
  | { name: "contacts" }
  | { name: "contact"; id: string }
  | { name: "technologies" }
  | { name: "technology"; id: string }
  | { name: "backups" }
  | { name: "directory" }
  | { name: "notFound"; path: string };

export const DEFAULT_HASH = "#/missions";

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, "").split("?")[0];
  const parts = path.split("/").filter(Boolean).map(decode);
  const [section, id, sub, ...rest] = parts;
  if (rest.length > 0) return { name: "notFound", path };
  switch (section) {
    case undefined:
      return { name: "missions" };
    case "missions":
      if (id === undefined) return { name: "missions" };
      if (sub === undefined) return { name: "mission", id, tab: "programme" };
      if ((MISSION_TABS as readonly string[]).includes(sub)) return { name: "mission", id, tab: sub as MissionTab };
      return { name: "notFound", path };
    case "organisations":
      if (sub !== undefined) break;
      return id === undefined ? { name: "organisations" } : { name: "organisation", id };
    case "contacts":
      if (sub !== undefined) break;
      return id === undefined ? { name: "contacts" } : { name: "contact", id };
    case "technologies":
      if (sub !== undefined) break;
      return id === undefined ? { name: "technologies" } : { name: "technology", id };
    case "backups":
      if (id === undefined) return { name: "backups" };
      break;
    case "directory":
      if (id === undefined) return { name: "directory" };
      break;
  }
  return { name: "notFound", path };
}

/** The sidebar section a route belongs to. */
export function sectionOf(route: Route): Section | null {
  switch (route.name) {
    case "missions":
    case "mission":
      return "missions";
    case "organisations":
    case "organisation":
      return "organisations";
    case "contacts":
    case "contact":
      return "contacts";
    case "technologies":
    case "technology":
      return "technologies";
    case "backups":
      return "backups";
    case "directory":
      return "directory";
    default:
      return null;
  }
}

const enc = encodeURIComponent;

/** Link targets, always built here so that ids are encoded once and consistently. */
export const href = {
  missions: () => "#/missions",
  mission: (id: string, tab: MissionTab = "programme") =>
    tab === "programme" ? `#/missions/${enc(id)}` : `#/missions/${enc(id)}/${tab}`,
  organisations: () => "#/organisations",
  organisation: (id: string) => `#/organisations/${enc(id)}`,
  contacts: () => "#/contacts",
  contact: (id: string) => `#/contacts/${enc(id)}`,
  technologies: () => "#/technologies",
  technology: (id: string) => `#/technologies/${enc(id)}`,
  backups: () => "#/backups",
  /** The team server's panel, on the Data and backups page. */
  team: () => "#/backups?team",
  directory: () => "#/directory",
};

const state = $state<{ route: Route }>({
  route: typeof location === "undefined" ? { name: "missions" } : parseHash(location.hash),
});

export const router = {
  get route(): Route {
    return state.route;
  },
};

function sync() {
  if (location.hash === "" || location.hash === "#" || location.hash === "#/") {
    // Replace, not push: the empty start URL must not become a Back step.
    history.replaceState(history.state, "", DEFAULT_HASH);
  }
  state.route = parseHash(location.hash);
}

/** Starts following the URL; returns the function that stops it. */
export function startRouter(): () => void {
  sync();
  window.addEventListener("hashchange", sync);
  return () => window.removeEventListener("hashchange", sync);
}

export function navigate(hash: string): void {
  location.hash = hash;
}
