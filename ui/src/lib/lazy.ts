// Pages loaded on first use, each in a chunk of its own (Vite splits at a dynamic import()):
// the first screen parses only what it shows, and the other pages are fetched once it is on
// screen (`preload`), so that going to them stays as quick as when all was in one file.
import type { Component } from "svelte";

type AnyComponent = Component<any>; // any page, whatever its props

/** A page to load: the component itself once loaded (shown at once by `{#await}`), else its load. */
export type Lazy<C extends AnyComponent = AnyComponent> = () => C | Promise<C>;

/** `load` once, on first call; later calls return the loaded component, not a promise. */
export function lazy<C extends AnyComponent>(load: () => Promise<{ default: C }>): Lazy<C> {
  let loaded: C | undefined;
  let loading: Promise<C> | undefined;
  return () =>
    loaded ??
    (loading ??= load().then(
      (m) => (loaded = m.default),
      (e: unknown) => {
        loading = undefined; // tried again next time
        throw e;
      },
    ));
}

/** Loads `pages` one after the other (a module's compiling takes the main thread: one at a time). */
export async function preload(pages: Lazy[]): Promise<void> {
  for (const page of pages) {
    try {
      await page();
    } catch {
      // Loaded again, and its error shown, when the page is opened.
    }
  }
}
