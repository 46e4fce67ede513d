// Passport data in the window (issue 17, part 3): the members a passport is asked of, the
// draft the form edits and the line shown for a saved one.
import type { DelegationMember, Passport, PassportInput } from "../../lib/bindings";
import { formatShortDate } from "../../lib/format";

/** The members who may need a visa letter: the delegation but its hosts. */
export function travellers(members: DelegationMember[]): DelegationMember[] {
  return members.filter((m) => m.role !== "host");
}

export type PassportDraft = {
  contactId: string;
  surname: string;
  givenNames: string;
  nationality: string;
  number: string;
  birthDate: string;
  issuedOn: string;
  expiresOn: string;
  issuingAuthority: string;
};

/** The form's draft: the saved passport, else blank names (typed as the passport writes them,
 * never guessed from the directory) and the mission's origin country. */
export function passportDraft(
  saved: Passport | null | undefined,
  member: DelegationMember,
  originCountry: string,
): PassportDraft {
  if (saved) {
    return {
      contactId: saved.contactId,
      surname: saved.surname,
      givenNames: saved.givenNames,
      nationality: saved.nationality,
      number: saved.number,
      birthDate: saved.birthDate,
      issuedOn: saved.issuedOn ?? "",
      expiresOn: saved.expiresOn,
      issuingAuthority: saved.issuingAuthority ?? "",
    };
  }
  return {
    contactId: member.contact.id,
    surname: "",
    givenNames: "",
    nationality: originCountry,
    number: "",
    birthDate: "",
    issuedOn: "",
    expiresOn: "",
    issuingAuthority: "",
  };
}

export function passportInput(d: PassportDraft, missionId: string): PassportInput {
  return {
    missionId,
    contactId: d.contactId,
    surname: d.surname,
    givenNames: d.givenNames,
    nationality: d.nationality,
    number: d.number,
    birthDate: d.birthDate,
    issuedOn: d.issuedOn || undefined,
    expiresOn: d.expiresOn,
    issuingAuthority: d.issuingAuthority || undefined,
  };
}

/** "P312345678 · TW · 9 Jan 2030". */
export function passportText(p: Passport, locale: string): string {
  return [p.number, p.nationality, formatShortDate(locale, p.expiresOn)].join(" · ");
}
