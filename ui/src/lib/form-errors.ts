// Errors where the eye is: after a failed save, the first field in error (in the order of
// the page) is scrolled into view and focused, and its message is handed back so that the
// form can repeat it beside its Save button. One helper for every form: FormCard calls it
// for the directory and mission forms, the other forms (item, outcome) call it themselves.
//
// A field's error is any element marked `data-field-error` (Field, DateInput, TimeInput) or
// of class `field-error`, or a control marked `aria-invalid="true"`; a message marked
// `data-field-error="typed"` is one the browser found before any save (a date that does not
// exist): the form is not sent while one is shown.

import { tick } from "svelte";

const FOCUSABLE =
  'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])';
const ERROR = '[data-field-error], .field-error, [aria-invalid="true"], [data-typed-invalid]';

export type Revealed = {
  /** "Email: not an e-mail address", or the message alone when the field has no label. */
  message: string;
  /** The control focused, if any. */
  control: HTMLElement | null;
};

function isControl(el: Element): boolean {
  return el.matches("input, select, textarea, button, [tabindex]");
}

/** The label of a field: `[data-field-label]`, else the control's aria-label or <label>'s first text. */
function labelOf(container: Element, control: HTMLElement | null): string {
  const marked = container.querySelector("[data-field-label]")?.textContent?.trim();
  if (marked) return marked;
  const aria = control?.getAttribute("aria-label")?.trim();
  if (aria) return aria;
  const label = control && "labels" in control ? (control as HTMLInputElement).labels?.[0] : null;
  const first = label ? [...label.childNodes].find((n) => n.textContent?.trim()) : null;
  return first?.textContent?.trim() ?? "";
}

/**
 * Scrolls to and focuses the first field in error inside `form`; returns what to repeat
 * beside the Save button, or null when no field is in error.
 */
export function revealFirstError(form: HTMLElement | null | undefined, join: (label: string, message: string) => string): Revealed | null {
  if (!form) return null;
  const first = form.querySelector(ERROR);
  if (!first) return null;
  const container = first.closest("[data-field]") ?? (isControl(first) ? first.parentElement : first.parentElement) ?? form;
  const control =
    (isControl(first) ? (first as HTMLElement) : null) ??
    container.querySelector<HTMLElement>('[aria-invalid="true"], [data-typed-invalid]') ??
    container.querySelector<HTMLElement>(FOCUSABLE);
  const messageEl = first.matches("[data-field-error], .field-error")
    ? first
    : container.querySelector("[data-field-error], .field-error");
  const message = messageEl?.textContent?.trim() ?? "";
  const target = (container as HTMLElement) ?? control;
  const reduce = typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
  target.scrollIntoView?.({ block: "center", behavior: reduce ? "auto" : "smooth" });
  control?.focus({ preventScroll: true });
  const label = labelOf(container, control);
  return { message: label && message ? join(label, message) : message, control };
}

/** True when a field shows an error found while typing (the form must not be sent). */
export function hasTypedError(form: HTMLElement | null | undefined): boolean {
  // The attribute is set by the field itself, before the page is redrawn: a click on Save
  // that leaves the field sees it.
  return !!form?.querySelector('[data-field-error="typed"], [data-typed-invalid]');
}

// A message that appears while the mouse button is down (a field judged as it loses the focus
// to the Save button) would push Save down before the button is released: the click would be
// lost. Such messages wait until the press is over.
let pressed = false;
const waiting: (() => void)[] = [];
if (typeof window !== "undefined") {
  window.addEventListener("pointerdown", () => (pressed = true), true);
  const release = () => {
    pressed = false;
    // After the click that this release makes has been handled.
    setTimeout(() => waiting.splice(0).forEach((f) => f()), 0);
  };
  window.addEventListener("pointerup", release, true);
  window.addEventListener("pointercancel", release, true);
}

/** Runs `show` now, or once the pointer pressed at the moment is released and its click handled. */
export function whenPointerReleased(show: () => void): void {
  if (pressed) waiting.push(show);
  else show();
}

/** Resolves once messages held back by `whenPointerReleased` are on the page. */
export function messagesShown(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0)).then(() => tick());
}
