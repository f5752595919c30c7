import { Anchor, Group, Table, Text, Title } from "@mantine/core";
import { TableScroll } from "../components/TableScroll";
import { formatCount, formatPercent } from "./figures";

export interface FollowUpRow {
  certificationCode: string;
  wave: number;
  sent: number;
  answered?: number | null;
  responseRate?: number | null;
  situations: {
    employedSame?: number | null;
    employedNew?: number | null;
    training?: number | null;
    jobSeeking?: number | null;
  };
  nextCertificationPlanned?: number | null;
  nextCertificationNotPlanned?: number | null;
}

function masked(value: number | null | undefined): string {
  return value == null ? "masqué" : formatCount(value);
}

/** « Que sont-ils devenus ? »: the follow-up questionnaires 6 and 12 months after, masked. */
export function FollowUpTable({ rows, query }: { rows: FollowUpRow[]; query: string }) {
  const columns: [string, (row: FollowUpRow) => string][] = [
    ["Questionnaires envoyés", (row) => formatCount(row.sent)],
    ["Réponses", (row) => masked(row.answered)],
    ["Taux de réponse", (row) => formatPercent(row.responseRate)],
    ["En emploi, même employeur", (row) => masked(row.situations.employedSame)],
    ["En emploi, nouvel employeur", (row) => masked(row.situations.employedNew)],
    ["En formation", (row) => masked(row.situations.training)],
    ["En recherche d’emploi", (row) => masked(row.situations.jobSeeking)],
    ["Prochaine certification prévue", (row) => masked(row.nextCertificationPlanned)],
  ];
  return (
    <section aria-labelledby="suivi-titre">
      <Group justify="space-between" align="baseline">
        <Title order={2} size="h3" id="suivi-titre">
          Que sont-ils devenus ?
        </Title>
        <Group gap="md">
          <Anchor href={`/exports/statistics/suivi-certifies.csv?${query}`} size="sm">
            Télécharger « Que sont-ils devenus ? » (CSV)
          </Anchor>
          <Anchor href={`/exports/statistics/suivi-certifies.xlsx?${query}`} size="sm">
            Télécharger « Que sont-ils devenus ? » (XLSX)
          </Anchor>
        </Group>
      </Group>
      {rows.length === 0 ? (
        <Text>
          Aucun questionnaire de suivi pour les certificats délivrés sur la période (il part 6 puis 12 mois après la
          certification).
        </Text>
      ) : (
        <TableScroll minWidth={720} label="Que sont-ils devenus ?">
          <Table striped withTableBorder data-testid="suivi-certifies">
            <Table.Caption>
              Réponses au questionnaire envoyé 6 et 12 mois après la certification, par certification
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Certification, délai</Table.Th>
                {columns.map(([label]) => (
                  <Table.Th scope="col" key={label} ta="right">
                    {label}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={`${row.certificationCode}-${row.wave}`}>
                  <Table.Th scope="row" fw={400}>
                    {row.certificationCode}, à {row.wave} mois
                  </Table.Th>
                  {columns.map(([label, value]) => (
                    <Table.Td key={label} ta="right">
                      {value(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </section>
  );
}
