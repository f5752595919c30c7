import { Progress, Table, Text } from "@mantine/core";
import type { FlatItem } from "../referentiel/tree";

/** Acquired criteria of one domain. */
export interface DomainBar {
  code: string;
  title: string;
  acquired: number;
  total: number;
}

/**
 * Acquired criteria per domain from an evaluation's mastery (`{ code: { acquired } }`,
 * every node of the référentiel): the leaves under each domain that are acquired.
 */
export function domainBars(items: readonly FlatItem[], mastery: Record<string, { acquired?: boolean } | undefined>): DomainBar[] {
  const parents = new Map(items.map((item) => [item.code, item.parentCode ?? null]));
  const domainOf = (code: string): string => {
    let current = code;
    for (let parent = parents.get(current); parent; parent = parents.get(current)) current = parent;
    return current;
  };
  const bars = new Map<string, DomainBar>(
    items.filter((item) => item.depth === 1).map((item) => [item.code, { code: item.code, title: item.title, acquired: 0, total: 0 }]),
  );
  for (const item of items) {
    if (!item.isLeaf) continue;
    const bar = bars.get(domainOf(item.code));
    if (!bar) continue;
    bar.total += 1;
    if (mastery[item.code]?.acquired === true) bar.acquired += 1;
  }
  return [...bars.values()];
}

/** "12/18" and the share as a bar: a data table, the bars beside the figures (hidden to screen readers). */
export function DomainBars({ rows, caption }: { rows: readonly DomainBar[]; caption: string }) {
  return (
    <Table withTableBorder verticalSpacing={4} data-testid="domain-bars">
      <Table.Caption style={{ captionSide: "top", textAlign: "left" }}>
        <Text span size="sm" fw={600}>
          {caption}
        </Text>
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Domaine</Table.Th>
          <Table.Th scope="col">Critères acquis</Table.Th>
          <Table.Th scope="col" style={{ width: "35%" }}>
            <span aria-hidden="true">Part acquise</span>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.code} data-domain={row.code}>
            <Table.Th scope="row" fw={400}>
              {row.code} {row.title}
            </Table.Th>
            <Table.Td>
              {row.acquired}/{row.total}
            </Table.Td>
            <Table.Td>
              <Progress
                aria-hidden="true"
                value={row.total === 0 ? 0 : (100 * row.acquired) / row.total}
                color={row.acquired === row.total ? "#1e6b30" : "blue.8"}
                size="lg"
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
