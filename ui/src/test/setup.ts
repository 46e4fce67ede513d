import "@testing-library/jest-dom/vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/svelte";
import { afterEach } from "vitest";
import { stopAnnouncements } from "./backend";

afterEach(() => {
  cleanup(); // unmount first, while the fake backend is still there to unlisten
  stopAnnouncements();
  clearMocks();
});
