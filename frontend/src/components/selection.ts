/** Multi-selection in a table: pure helpers over a set of ids. */

/** `selected` with `id` added, or removed when it was there. */
export function toggled(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Every visible id selected, or none of them when they all were ("Tout sélectionner"). */
export function toggledAll(selected: ReadonlySet<string>, visible: readonly string[]): Set<string> {
  const allSelected = visible.length > 0 && visible.every((id) => selected.has(id));
  const next = new Set(selected);
  for (const id of visible) {
    if (allSelected) next.delete(id);
    else next.add(id);
  }
  return next;
}
