// The passphrase of an encrypted backup, as the window checks it before any call: typed twice
// on creation (the same both times), never empty. The backend refuses an empty one too.
import type { MessageKey } from "../../lib/i18n/index.svelte";

export type PassphraseField = "passphrase" | "passphraseAgain";

/** The problems of a new passphrase, by field (empty when it can be used). */
export function newPassphraseProblems(passphrase: string, again: string): Partial<Record<PassphraseField, MessageKey>> {
  if (passphrase === "") return { passphrase: "err.passphraseEmpty" };
  if (again !== passphrase) return { passphraseAgain: "backups.passphraseMismatch" };
  return {};
}

/** The problems of the passphrase typed to open a backup. */
export function passphraseProblems(passphrase: string): Partial<Record<PassphraseField, MessageKey>> {
  return passphrase === "" ? { passphrase: "err.passphraseEmpty" } : {};
}
