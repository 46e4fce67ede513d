// The window's errors go to the app's one log file (tauri-plugin-log), beside the shell's:
// console errors and warnings, uncaught errors and unhandled rejections.
import { error as logError, warn as logWarn } from "@tauri-apps/plugin-log";

function text(args: unknown[]): string {
  return args
    .map((a) => {
      if (a instanceof Error) return `${a.message}${a.stack ? `\n${a.stack}` : ""}`;
      if (typeof a === "string") return a;
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })
    .join(" ");
}

/** Forwards the window's console errors to the log; call once, inside Tauri only. */
export function forwardErrorsToLog(): void {
  // A line the log refuses is dropped, never logged again (no loop through console.error).
  const send = (log: typeof logError, line: string) => void log(line).catch(() => {});
  const original = { error: console.error.bind(console), warn: console.warn.bind(console) };
  console.error = (...args: unknown[]) => {
    original.error(...args);
    send(logError, text(args));
  };
  console.warn = (...args: unknown[]) => {
    original.warn(...args);
    send(logWarn, text(args));
  };
  window.addEventListener("error", (e) => send(logError, `uncaught: ${e.message} (${e.filename}:${e.lineno})`));
  window.addEventListener("unhandledrejection", (e) => send(logError, `unhandled rejection: ${text([e.reason])}`));
}
