import "@fontsource-variable/inter";
import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { forwardErrorsToLog } from "./lib/log";
import { likelyLocale, prefetchLocale } from "./lib/i18n/index.svelte";

// The language's catalogue is fetched while the app's facts (the stored language) are asked.
void prefetchLocale(likelyLocale());

async function start() {
  // In a plain browser during `npm run dev` there is no Tauri bridge: fake the backend
  // with demo data. `import.meta.env.DEV` is false in `vite build`, so this branch and
  // the mock module are dropped from the production bundle.
  if (import.meta.env.DEV && !("__TAURI_INTERNALS__" in window)) {
    const { installDevMock } = await import("./dev/mock");
    installDevMock();
  } else {
    forwardErrorsToLog();
  }
  mount(App, { target: document.getElementById("app")! });
}

void start();
