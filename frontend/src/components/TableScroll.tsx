import { Table } from "@mantine/core";
import type { ReactNode } from "react";

interface TableScrollProps {
  /** Minimum table width before it scrolls horizontally. */
  minWidth: number;
  /** Name of the table; the scroll region is named "<label> (tableau défilant)". */
  label: string;
  children: ReactNode;
}

/**
 * Horizontal scroll container for wide tables, focusable so keyboard users can
 * scroll it (axe "scrollable-region-focusable").
 */
export function TableScroll({ minWidth, label, children }: TableScrollProps) {
  return (
    <Table.ScrollContainer
      type="native"
      minWidth={minWidth}
      tabIndex={0}
      role="region"
      aria-label={`${label} (tableau défilant)`}
    >
      {children}
    </Table.ScrollContainer>
  );
}
