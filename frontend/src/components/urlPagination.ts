import { useCallback, useRef } from "react";
import { useSearchParams } from "react-router";

/** A list's view in the URL: its parameters, and `update` to change some of them.
 *
 * Each change starts from the previous change, not from the last render: the router's own
 * functional form gives the last render's parameters, so a tab clicked then a search typed
 * before the next render would lose the tab. Changes replace the history entry.
 */
export function useUrlView(): [URLSearchParams, (change: (next: URLSearchParams) => void) => void] {
  const [params, setParams] = useSearchParams();
  const latest = useRef(params);
  latest.current = params;
  const update = useCallback(
    (change: (next: URLSearchParams) => void) => {
      const next = new URLSearchParams(latest.current);
      change(next);
      latest.current = next;
      setParams(next, { replace: true });
    },
    [setParams],
  );
  return [params, update];
}

/** Cursor pagination kept in the URL: `pages` lists the cursors of the pages after the first. */
export function useUrlPagination(params: URLSearchParams, update: (change: (next: URLSearchParams) => void) => void) {
  const cursors = (params.get("pages") ?? "").split(",").filter(Boolean);
  const save = (stack: string[]) =>
    update((next) => {
      if (stack.length > 0) next.set("pages", stack.join(","));
      else next.delete("pages");
    });
  return {
    after: cursors.at(-1) ?? null,
    page: cursors.length + 1,
    hasPrevious: cursors.length > 0,
    next: (endCursor: string | null | undefined) => {
      if (endCursor) save([...cursors, endCursor]);
    },
    previous: () => save(cursors.slice(0, -1)),
    reset: () => save([]),
  };
}
