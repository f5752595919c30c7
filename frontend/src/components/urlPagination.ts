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
