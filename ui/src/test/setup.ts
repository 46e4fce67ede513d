import "@testing-library/jest-dom/vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, configure } from "@testing-library/svelte";
import { afterEach } from "vitest";
import { stopAnnouncements } from "./backend";

// App's pages are loaded on first use (lib/lazy.ts): the first test of a run to open one waits
// for Vite to compile it and what it imports, over the default second on a busy machine.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup(); // unmount first, while the fake backend is still there to unlisten
  stopAnnouncements();
  clearMocks();
});
