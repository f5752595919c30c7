import { useEffect } from "react";

export const UNSAVED_CHANGES_MESSAGE =
  "Vos modifications ne sont pas enregistrées. Quitter la page quand même ? Elles seront perdues.";

/**
 * While `dirty`, warns before leaving: closing or reloading the tab (the browser's own
 * question) and following a link of the application (a confirmation; staying cancels the
 * navigation). The app's router (`BrowserRouter`) cannot block navigation itself, so the
 * links are caught on the document, before the router's handler.
 */
export function useUnsavedChanges(dirty: boolean, message: string = UNSAVED_CHANGES_MESSAGE) {
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
