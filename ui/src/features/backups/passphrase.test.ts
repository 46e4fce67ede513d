import { describe, expect, it } from "vitest";
import { newPassphraseProblems, passphraseProblems } from "./passphrase";

describe("a backup's passphrase", () => {
  it("is refused empty, and when typed twice differently", () => {
    expect(newPassphraseProblems("", "")).toEqual({ passphrase: "err.passphraseEmpty" });
    expect(newPassphraseProblems("", "x")).toEqual({ passphrase: "err.passphraseEmpty" });
    expect(newPassphraseProblems("a secret", "a secret ")).toEqual({ passphraseAgain: "backups.passphraseMismatch" });
    expect(newPassphraseProblems("a secret", "")).toEqual({ passphraseAgain: "backups.passphraseMismatch" });
    expect(newPassphraseProblems("密碼 secret", "密碼 secret")).toEqual({});
    // Spaces are part of a passphrase: not trimmed, not empty.
    expect(newPassphraseProblems(" ", " ")).toEqual({});
  });

  it("is refused empty when typed to open a backup", () => {
    expect(passphraseProblems("")).toEqual({ passphrase: "err.passphraseEmpty" });
    expect(passphraseProblems("x")).toEqual({});
  });
});
