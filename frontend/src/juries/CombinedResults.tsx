import { Badge, Group, Progress, Stack, Table, Text, Title } from "@mantine/core";

export interface CombinedDomain {
  code: string;
  title: string;
  criteria: number;
  acquiredAtInitial: number;
  evaluatedAtFinal: number;
  acquiredAtFinal: number;
  acquired: number;
  domainAcquired: boolean;
}

export interface Combined {
  summary: string;
  hasFinal: boolean;
  domainsAcquired: number;
  domainsTotal: number;
  domains: readonly CombinedDomain[];
}

const INITIAL_COLOR = "blue.8";
const FINAL_COLOR = "#1e6b30";

/**
 * The évaluation préalable and the finale in one view (computed by the API from the
 * certification's rule): per domain, what each acquired, and the domains acquired in the
 * end — « 7/7 domaines acquis ». A data table; the bars beside the figures are hidden
 * from screen readers (they repeat them).
 */
export function CombinedResults({ combined }: { combined: Combined }) {
  const all = combined.domainsAcquired === combined.domainsTotal;
  return (
    <section aria-labelledby="combined-heading" data-testid="combined-results">
      <Stack gap="xs">
        <Group gap="sm">
          <Title order={3} size="h4" id="combined-heading">
            Vue d’ensemble : {combined.hasFinal ? "évaluation préalable et finale" : "évaluation préalable"}
          </Title>
          <Badge color={all ? FINAL_COLOR : "red.9"} variant="filled" tt="none" size="lg" data-testid="combined-summary">
            {combined.summary}
          </Badge>
        </Group>
        {combined.hasFinal && (
          <Text size="sm">
            L’évaluation finale ne porte que sur les critères travaillés en formation ; les autres restent acquis
            depuis l’évaluation préalable.
          </Text>
        )}
        <Table withTableBorder striped verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Domaine</Table.Th>
              <Table.Th scope="col">Acquis à l’évaluation préalable</Table.Th>
              {combined.hasFinal && <Table.Th scope="col">Acquis à l’évaluation finale</Table.Th>}
              <Table.Th scope="col">Acquis au total</Table.Th>
              <Table.Th scope="col" style={{ width: "25%" }}>
                <span aria-hidden="true">Répartition</span>
              </Table.Th>
              <Table.Th scope="col">Domaine</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {combined.domains.map((domain) => (
              <Table.Tr key={domain.code} data-domain={domain.code}>
                <Table.Th scope="row" fw={400}>
                  {domain.code} {domain.title}
                </Table.Th>
                <Table.Td>
                  {domain.acquiredAtInitial}/{domain.criteria}
                </Table.Td>
                {combined.hasFinal && (
                  <Table.Td>
                    {domain.evaluatedAtFinal === 0 ? "—" : `${domain.acquiredAtFinal}/${domain.evaluatedAtFinal} évalués`}
                  </Table.Td>
                )}
                <Table.Td>
                  {domain.acquired}/{domain.criteria}
                </Table.Td>
                <Table.Td>
                  <Progress.Root size="lg" aria-hidden="true">
                    <Progress.Section value={(100 * domain.acquiredAtInitial) / Math.max(domain.criteria, 1)} color={INITIAL_COLOR} />
                    <Progress.Section value={(100 * domain.acquiredAtFinal) / Math.max(domain.criteria, 1)} color={FINAL_COLOR} />
                  </Progress.Root>
                </Table.Td>
                <Table.Td>{domain.domainAcquired ? "Acquis" : "Non acquis"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" aria-hidden="true">
          Barres : en bleu, acquis à l’évaluation préalable ; en vert, acquis à l’évaluation finale.
        </Text>
      </Stack>
    </section>
  );
}
