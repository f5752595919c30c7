import { Anchor, Group, Stack, Table, Text, Title } from "@mantine/core";
import { TableScroll } from "../components/TableScroll";
import { formatCount, formatEuros } from "./figures";
import { activityByMonth, activityChart, monthLabel, StatisticsChart, type ActivityLike } from "./StatisticsCharts";

type Figures = Pick<
  ActivityLike,
  | "initialEvaluations"
  | "certificates"
  | "feesCents"
  | "applicationsSubmitted"
  | "applicationsAccepted"
  | "applicationsRefused"
>;

/** The figures both tables give, in this order: their headers, then a row's cells. */
const FIGURES: { label: string; cell: (figures: Figures) => string }[] = [
  { label: "Évaluations préalables", cell: (f) => formatCount(f.initialEvaluations) },
  { label: "Certificats", cell: (f) => formatCount(f.certificates) },
  { label: "Frais dus (HT)", cell: (f) => formatEuros(f.feesCents) },
  { label: "Candidatures déposées", cell: (f) => formatCount(f.applicationsSubmitted) },
  { label: "Candidatures acceptées", cell: (f) => formatCount(f.applicationsAccepted) },
  { label: "Candidatures refusées", cell: (f) => formatCount(f.applicationsRefused) },
];

function FigureHeaders() {
  return (
    <>
      {FIGURES.map(({ label }) => (
        <Table.Th key={label} scope="col" ta="right">
          {label}
        </Table.Th>
      ))}
    </>
  );
}

function FigureCells({ figures }: { figures: Figures }) {
  return (
    <>
      {FIGURES.map(({ label, cell }) => (
        <Table.Td key={label} ta="right">
          {cell(figures)}
        </Table.Td>
      ))}
    </>
  );
}

/**
 * « Activité et frais »: évaluations préalables, certificates, fees due, accreditation
 * applications and sites in force, per month (chart, then its table) and per organisation,
 * month and certification (the detailed table, as downloaded). Organisations and sites,
 * not people: nothing is masked here.
 */
export function ActivitySection({ rows, query }: { rows: ActivityLike[]; query: string }) {
  const months = activityByMonth(rows);
  const chart = activityChart(months);
  return (
    <section aria-labelledby="activite-titre">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h3" id="activite-titre">
            Activité et frais
          </Title>
          <Group gap="md">
            <Anchor href={`/exports/statistics/activite.csv?${query}`} size="sm">
              Télécharger « Activité et frais » (CSV)
            </Anchor>
            <Anchor href={`/exports/statistics/activite.xlsx?${query}`} size="sm">
              Télécharger « Activité et frais » (XLSX)
            </Anchor>
          </Group>
        </Group>
        <Text size="sm">
          Événements du mois où ils ont eu lieu (pas du mois d’ouverture des dossiers). Une candidature à
          l’habilitation compte pour chaque certification de sa campagne.
        </Text>
        <StatisticsChart
          id="activite"
          title="Activité par mois"
          summary={chart.summary}
          data={chart.data}
          dataKey="mois"
          series={chart.series}
        />
        <TableScroll minWidth={720} label="Activité par mois">
          <Table striped withTableBorder data-testid="activite-mois">
            <Table.Caption>Activité par mois, toutes organisations et certifications confondues</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Mois</Table.Th>
                <FigureHeaders />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {months.map((m) => (
                <Table.Tr key={m.month}>
                  <Table.Th scope="row" fw={400}>
                    {monthLabel(m.month)}
                  </Table.Th>
                  <FigureCells figures={m} />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        <TableScroll minWidth={980} label="Détail de l’activité">
          <Table striped withTableBorder data-testid="activite-detail">
            <Table.Caption>Détail par organisme, mois et certification</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Organisme</Table.Th>
                <Table.Th scope="col">Mois</Table.Th>
                <Table.Th scope="col">Certification</Table.Th>
                <FigureHeaders />
                <Table.Th scope="col" ta="right">
                  Établissements habilités en fin de mois
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={`${row.organisationName}|${row.month}|${row.certificationCode}`}>
                  <Table.Th scope="row" fw={400}>
                    {row.organisationName}
                  </Table.Th>
                  <Table.Td>{monthLabel(row.month)}</Table.Td>
                  <Table.Td>{row.certificationCode}</Table.Td>
                  <FigureCells figures={row} />
                  <Table.Td ta="right">{formatCount(row.activeSites)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        {rows.length === 0 && <Text size="sm">Aucune activité sur la période.</Text>}
      </Stack>
    </section>
  );
}
