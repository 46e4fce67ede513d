// The Debian package (issue 19): the .deb built by `make package` declares what it needs at run
// time and stays small; installed with apt on this machine, the installed binary opens to its
// first screen under Xvfb (through the same tauri-driver harness as the end-to-end tests); then
// it is removed. Run by `make test-package` (not part of `make test`: it needs a release build).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const DEB_DIR = process.env.DEB_DIR;
const INSTALLED = "/usr/bin/passerelle";
// 15 MB read strictly (15,000,000 bytes, not 15 MiB).
const MAX_BYTES = 15_000_000;

function newestDeb() {
  assert.ok(DEB_DIR, "DEB_DIR names the folder `make package` wrote the .deb into");
  const debs = readdirSync(DEB_DIR)
    .filter((f) => f.endsWith(".deb"))
    .map((f) => join(DEB_DIR, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  assert.ok(debs.length > 0, `no .deb in ${DEB_DIR}`);
  return debs[0];
}

const field = (deb, name) => execFileSync("dpkg-deb", ["-f", deb, name], { encoding: "utf8" }).trim();
const apt = (...args) => execFileSync("apt-get", ["-y", ...args], { encoding: "utf8", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });

test("the .deb declares its runtime dependencies, holds the app, and stays under 15 MB", () => {
  const deb = newestDeb();
  const size = statSync(deb).size;
  console.log(`package: ${deb} ${size} bytes (${(size / 1e6).toFixed(2)} MB, ${(size / 1048576).toFixed(2)} MiB)`);
  assert.ok(size < MAX_BYTES, `${size} bytes`);
  assert.equal(field(deb, "Package"), "passerelle");
  const depends = field(deb, "Depends");
  for (const need of ["libwebkit2gtk-4.1-0", "libgtk-3-0", "fonts-noto-cjk", "libc6 (>= 2.36)"]) {
    assert.ok(depends.includes(need), `Depends lacks ${need}: ${depends}`);
  }
  const files = execFileSync("dpkg-deb", ["-c", deb], { encoding: "utf8" });
  assert.match(files, /\.\/usr\/bin\/passerelle\n/);
  assert.match(files, /\.\/usr\/share\/applications\/.*\.desktop/);
  assert.match(files, /\.\/usr\/share\/icons\/hicolor\/.*\.png/);
});

test("installed with apt, the app opens to its first screen; removed, it is gone", async () => {
  const deb = newestDeb();
  apt("install", deb);
  try {
    assert.ok(existsSync(INSTALLED), `${INSTALLED} after the install`);
    // The harness reads the binary to drive when it is loaded.
    process.env.PASSERELLE_APP = INSTALLED;
    const { dataDir, openApp, screenshot } = await import("../e2e/harness.mjs");
    const { browser, close } = await openApp(dataDir());
    try {
      const welcome = await browser.$('[data-testid="welcome-panel"]');
      await welcome.waitForDisplayed({ timeout: 30_000 });
      await screenshot(browser, "package-01-first-screen");
    } finally {
      await close();
    }
  } finally {
    apt("remove", "passerelle");
  }
  assert.ok(!existsSync(INSTALLED), `${INSTALLED} after the removal`);
});
