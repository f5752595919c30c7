import { Button, Group, Text } from "@mantine/core";
import { useCallback, useState } from "react";

/** Page size of the lists (the API caps `first`). */
export const PAGE_SIZE = 50;

export interface PageInfoLike {
  hasNextPage: boolean;
  endCursor?: string | null;
}

export interface CursorPagination {
  /** `after` variable for the current page (null on the first page). */
  after: string | null;
  /** 1-based page number. */
  page: number;
  hasPrevious: boolean;
  next: (endCursor: string | null | undefined) => void;
  previous: () => void;
  reset: () => void;
}

/**
 * Forward cursor pagination over a Relay-style connection, remembering the
 * cursors of the pages already seen so that "Page précédente" works too.
 */
export function useCursorPagination(): CursorPagination {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const next = useCallback((endCursor: string | null | undefined) => {
    if (!endCursor) return;
    setCursors((stack) => [...stack, endCursor]);
  }, []);
  const previous = useCallback(() => {
    setCursors((stack) => (stack.length > 1 ? stack.slice(0, -1) : stack));
  }, []);
  const reset = useCallback(() => setCursors([null]), []);
  return {
    after: cursors[cursors.length - 1] ?? null,
    page: cursors.length,
    hasPrevious: cursors.length > 1,
    next,
    previous,
    reset,
  };
}

interface CursorPagerProps {
  pagination: CursorPagination;
  pageInfo: PageInfoLike | null | undefined;
  totalCount?: number | null;
  /** e.g. "Pagination du journal d’audit". */
  label: string;
  disabled?: boolean;
}

/** "Page précédente" / "Page suivante" buttons for a cursor connection. */
export function CursorPager({ pagination, pageInfo, totalCount, label, disabled }: CursorPagerProps) {
  const hasNext = Boolean(pageInfo?.hasNextPage && pageInfo.endCursor);
  if (!pagination.hasPrevious && !hasNext) {
    return totalCount != null ? <Text size="sm">{formatTotal(totalCount)}</Text> : null;
  }
  return (
    <Group component="nav" aria-label={label} justify="space-between" gap="sm">
      <Text size="sm" aria-live="polite">
        Page {pagination.page}
        {totalCount != null && ` · ${formatTotal(totalCount)}`}
      </Text>
      <Group gap="xs">
        <Button
          variant="default"
          onClick={pagination.previous}
          disabled={disabled || !pagination.hasPrevious}
        >
          Page précédente
        </Button>
        <Button
          variant="default"
          onClick={() => pagination.next(pageInfo?.endCursor)}
          disabled={disabled || !hasNext}
        >
          Page suivante
        </Button>
      </Group>
    </Group>
  );
}

function formatTotal(count: number): string {
  return count <= 1 ? `${count} résultat` : `${count.toLocaleString("fr-FR")} résultats`;
}
