// TEMPORARY: the backend contract of issue 13 until the lead's generated bindings land in
// ./bindings. Delete this file after rebasing and import these types from "./bindings".
import type { MissionSummary, Ref, Site } from "./bindings";

export type OrganiserInput = { organisationId: string; role: string };
export type MissionInput = {
  id?: string;
  title: string;
  originCountry: string;
  hostCountry: string;
  startDate: string;
  endDate: string;
  homeTz: string;
  hostTz: string;
  objectives?: string;
  notes?: string;
  organisers: Array<OrganiserInput>;
  fromMissionId?: string;
};
export type MissionSummaryV2 = MissionSummary & { archived: boolean };
export type SiteInput = {
  id?: string;
  missionId: string;
  name: string;
  organisationId?: string;
  departmentId?: string;
  address?: string;
  postalCode?: string;
  city?: string;
  country?: string;
  tz: string;
  opensAt?: string;
  closesAt?: string;
  accessNotes?: string;
};
export type SiteSaved = { id: string; warnings: Array<string> };
export type SiteItem = { id: string; title: string; start: string };
export type TimeZoneInfo = { zone: string; country: string };
export type SiteV2 = Omit<Site, "organisation"> & { organisation: Ref | null; department: Ref | null; accessNotes: string | null };
