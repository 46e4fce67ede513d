// A modal dialog's focus (issue 19, access): while it is open, Tab and Shift+Tab go round its
// own controls and never behind it; when it closes, the focus goes back to where it was.
// A Svelte action: `<div role="dialog" aria-modal="true" use:trapFocus>`.

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function trapFocus(node: HTMLElement) {
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const onkeydown = (e: KeyboardEvent) => {
    if (e.key !== "Tab") return;
    const list = [...node.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
    if (list.length === 0) return;
    const at = list.indexOf(document.activeElement as HTMLElement);
    if (e.shiftKey && at <= 0) {
      e.preventDefault();
      list[list.length - 1].focus();
    } else if (!e.shiftKey && (at === -1 || at === list.length - 1)) {
      e.preventDefault();
      list[0].focus();
    }
  };
  document.addEventListener("keydown", onkeydown, true);
  return {
    destroy() {
      document.removeEventListener("keydown", onkeydown, true);
      if (before?.isConnected) before.focus();
    },
  };
}
