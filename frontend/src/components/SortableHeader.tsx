import { Table, UnstyledButton } from "@mantine/core";

interface SortableThProps<O extends string> {
  label: string;
  /** The list's order now. */
  order: O;
  /** The column's ascending and descending orders. */
  ascending: O;
  descending: O;
  /** The order a first click chooses (ascending unless said). */
  first?: O;
  onSort: (order: O) => void;
}

/**
 * A column header that sorts the list (server side): a button in the header cell, whose
 * `aria-sort` says the current direction; a click on the sorted column reverses it.
 */
export function SortableTh<O extends string>({ label, order, ascending, descending, first, onSort }: SortableThProps<O>) {
  const direction = order === ascending ? "ascending" : order === descending ? "descending" : "none";
  const next = direction === "ascending" ? descending : direction === "descending" ? ascending : (first ?? ascending);
  const arrow = direction === "ascending" ? " ▲" : direction === "descending" ? " ▼" : "";
  const hint =
    direction === "none" ? "trier" : direction === "ascending" ? "tri croissant" : "tri décroissant";
  return (
    <Table.Th scope="col" aria-sort={direction}>
      <UnstyledButton
        onClick={() => onSort(next)}
        fw={700}
        fz="sm"
        aria-label={`${label} (${hint})`}
        style={{ textDecoration: direction === "none" ? "none" : "underline" }}
      >
        {label}
        <span aria-hidden="true">{arrow}</span>
      </UnstyledButton>
    </Table.Th>
  );
}
