import "@testing-library/jest-dom/vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, configure } from "@testing-library/svelte";
import { afterEach } from "vitest";
import { stopAnnouncements } from "./backend";
import en from "../lib/i18n/en.json";
import fr from "../lib/i18n/fr.json";
import zhTW from "../lib/i18n/zh-TW.json";
import { registerCatalogue } from "../lib/i18n/index.svelte";

// The window loads a language's catalogue on first use (`loadLocale`); the tests switch
// languages at once (`applyLocale`): the three are in from the start.
registerCatalogue("en", en);
registerCatalogue("fr", fr);
registerCatalogue("zh-TW", zhTW);

// App's pages are loaded on first use (lib/lazy.ts): the first test of a run to open one waits
// for Vite to compile it and what it imports: up to 5 s and more on a busy 2-core machine.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup(); // unmount first, while the fake backend is still there to unlisten
  stopAnnouncements();
  clearMocks();
});
