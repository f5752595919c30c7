import { useEffect } from "react";
import { useLocation } from "react-router";

export const UNSAVED_CHANGES_MESSAGE =
  "Vos modifications ne sont pas enregistrées. Quitter la page quand même ? Elles seront perdues.";

/**
 * The page's dirty form, while there is one: what to ask, and the history entry to come
 * back to (`idx` is the index react-router's browser history keeps in `history.state`).
 */
interface Guard {
  message: string;
  idx: number | null;
  state: unknown;
  url: string;
  path: string;
}

let guard: Guard | null = null;
/** A `history.go` of ours, bringing the page back after « stay »: not a navigation. */
let restoring = false;
let installedOn: Window | null = null;

const pathOf = (location: Location) => location.pathname + location.search;

/**
 * Back and Forward while a form is dirty: the same question as a link; « stay » puts the
 * page's entry back and the router never hears of the move.
 *
 * Why a `popstate` listener rather than a data router's `useBlocker`: the app and its ~100
 * test files render `<Routes>` inside `BrowserRouter` / `MemoryRouter`, which cannot block.
 * Moving to `createBrowserRouter` would change how every test renders and how every
 * navigation settles, for one hook. So the guard is a capturing `popstate` listener,
 * installed on `window` before the router mounts (`installHistoryGuard` in `main.tsx`, and
 * again by the hook, which is harmless): it runs before react-router's own listener and,
 * when the person stays, stops the event there and walks the browser back to the page's
 * entry (`history.go` by the distance between the two entries' `idx`; an entry without one
 * is pushed again). The walk back fires a `popstate` of its own, swallowed too. A move
 * within the page (only its `#hash` changes) is not asked about.
 */
function onPopState(event: PopStateEvent) {
  if (restoring) {
    restoring = false;
    event.stopImmediatePropagation();
    return;
  }
  const current = guard;
  if (!current || pathOf(window.location) === current.path) return;
  if (window.confirm(current.message)) return; // leave: the router takes the move
  event.stopImmediatePropagation();
  const to = (event.state as { idx?: unknown } | null)?.idx;
  if (typeof to === "number" && current.idx !== null && to !== current.idx) {
    restoring = true;
    window.history.go(current.idx - to);
  } else {
    window.history.pushState(current.state, "", current.url);
  }
}

/** Installs the Back/Forward guard (once per window); call it before the router mounts. */
export function installHistoryGuard(target: Window = window) {
  if (installedOn === target) return;
  installedOn?.removeEventListener("popstate", onPopState, true);
  installedOn = target;
  restoring = false;
  target.addEventListener("popstate", onPopState, true);
}

/**
 * While `dirty`, warns before leaving: closing or reloading the tab (the browser's own
 * question), following a link of the application and the browser's Back or Forward (a
 * confirmation; staying cancels the navigation and keeps the edits). The app's router
 * (`BrowserRouter`) cannot block navigation itself, so the links are caught on the
 * document, before the router's handler, and Back/Forward by `installHistoryGuard`.
 */
export function useUnsavedChanges(dirty: boolean, message: string = UNSAVED_CHANGES_MESSAGE) {
  const location = useLocation();
  useEffect(() => {
    if (!dirty) return;
    installHistoryGuard();
    // The entry the page is on (read again after each move within the page).
    const state: unknown = window.history.state;
    const idx = (state as { idx?: unknown } | null)?.idx;
    const mine: Guard = {
      message,
      idx: typeof idx === "number" ? idx : null,
      state,
      url: window.location.href,
      path: pathOf(window.location),
    };
    guard = mine;
    return () => {
      if (guard === mine) guard = null;
    };
  }, [dirty, message, location]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]");
      if (!(link instanceof HTMLAnchorElement)) return;
      if (link.target === "_blank" || link.hasAttribute("download") || link.origin !== window.location.origin) return;
      if (link.pathname === window.location.pathname && link.hash) return; // a jump within the page
      if (!window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, message]);
}
