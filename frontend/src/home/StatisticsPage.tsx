import { Alert, Anchor, Button, Checkbox, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import type { StatisticsDimension, StatisticsFilterInput } from "../gql/graphql";
import { REGIONS } from "../organisation/regions";
import { TableScroll } from "../components/TableScroll";
import { StatisticsPageQuery } from "./documents";
import { AnnualReportJob } from "./AnnualReportJob";
import { FollowUpTable } from "./FollowUpTable";
import { ActivitySection } from "./ActivitySection";
import { breakdownChart, funnelChart, StatisticsChart } from "./StatisticsCharts";
import { currentYear, formatCount, formatPercent, funnelSteps } from "./figures";
import { DateField } from "../components/DateField";
import { dayError } from "../components/dates";

const ALL_DIMENSIONS: StatisticsDimension[] = [
  "REGION",
  "DEPARTEMENT",
  "ORGANISATION",
  "NETWORK",
  "STATUS_AT_REGISTRATION",
  "AGE_BAND",
  "SEX",
  "EDUCATION_LEVEL",
  "PROFESSIONAL_SECTOR",
  "PRESCRIBER_TYPE",
  "FINANCING",
];
const ALL = "__all__";
/** The breakdowns drawn as a chart above their table (the others: tables only). */
const CHARTED: StatisticsDimension[] = ["STATUS_AT_REGISTRATION", "AGE_BAND"];

function masked(value: number | null | undefined): string {
  return value == null ? "masqué" : formatCount(value);
}

/** `/statistiques`: the funnel and every breakdown of a period, with their CSV. */
export function StatisticsPage() {
  const [draft, setDraft] = useState({ ...currentYear(), region: "", wholeNetwork: false });
  const [filter, setFilter] = useState<StatisticsFilterInput>({
    ...currentYear(),
    breakdowns: ALL_DIMENSIONS,
    withFollowUp: true,
    withActivity: true,
  });
  const [{ data, fetching, error }] = useQuery({ query: StatisticsPageQuery, variables: { filter } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A date still being typed (or impossible) is explained under its field, on leaving it.
    if (dayError(draft.openedFrom) || dayError(draft.openedTo)) return;
    setFilter({
      openedFrom: draft.openedFrom,
      openedTo: draft.openedTo,
      region: draft.region || null,
      breakdowns: ALL_DIMENSIONS,
      withFollowUp: true,
      withActivity: true,
      wholeNetwork: draft.wholeNetwork,
    });
  };
  const statistics = data?.statistics;
  const query =
    `du=${filter.openedFrom}&au=${filter.openedTo}` +
    (filter.region ? `&region=${encodeURIComponent(filter.region)}` : "") +
    (filter.wholeNetwork ? "&reseau=1" : "");
  return (
    <Stack gap="lg">
      <Title order={1}>Statistiques</Title>
      <form onSubmit={submit} aria-label="Période et région">
        <Group align="end">
          <DateField
            label="Dossiers ouverts du"
            value={draft.openedFrom}
            onChange={(value) => setDraft({ ...draft, openedFrom: value })}
          />
          <DateField
            label="au"
            value={draft.openedTo}
            onChange={(value) => setDraft({ ...draft, openedTo: value })}
          />
          <Select
            label="Région du site"
            data={[{ value: ALL, label: "Toutes les régions" }, ...REGIONS.map((r) => ({ value: r, label: r }))]}
            value={draft.region || ALL}
            onChange={(region) => setDraft({ ...draft, region: !region || region === ALL ? "" : region })}
            allowDeselect={false}
          />
          {statistics?.__typename === "Statistics" && statistics.national ? null : (
            <Checkbox
              label="Tout le réseau national que mon organisation dirige"
              checked={draft.wholeNetwork}
              onChange={(event) => setDraft({ ...draft, wholeNetwork: event.currentTarget.checked })}
            />
          )}
          <Button type="submit" loading={fetching}>
            Afficher
          </Button>
        </Group>
      </form>
      {error && <Alert color="red">Impossible de charger les statistiques : {error.message}</Alert>}
      {statistics?.__typename === "StatisticsRefusal" && (
        <Alert color="red" title="Demande impossible" role="alert">
          {statistics.errors.map((problem) => (
            <Text key={problem.code}>{problem.message}</Text>
          ))}
        </Alert>
      )}
      {statistics?.__typename === "Statistics" && (
        <>
          <Text>
            {statistics.national
              ? "Toutes les organisations"
              : statistics.network
                ? `Les organisations de votre réseau (${statistics.network.toUpperCase()})`
                : "Votre organisation"}{" "}
            — les cases de moins de 5 personnes
            sont masquées, ainsi que celles qui permettraient de les retrouver par différence.
          </Text>
          <section aria-labelledby="parcours-titre">
            <Title order={2} size="h3" id="parcours-titre">
              Parcours
            </Title>
            <StatisticsChart
              id="parcours"
              title="Dossiers par étape atteinte, par certification"
              dataKey="etape"
              {...funnelChart(statistics.funnel)}
            />
            <TableScroll minWidth={480} label="Parcours">
              <Table striped withTableBorder>
                <Table.Caption>Dossiers par étape atteinte et par certification</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Étape</Table.Th>
                    {statistics.funnel.map((row) => (
                      <Table.Th scope="col" key={row.certificationCode} ta="right">
                        {row.certificationCode}
                      </Table.Th>
                    ))}
                    <Table.Th scope="col" ta="right">
                      Total
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {funnelSteps(statistics.total).map((step, index) => (
                    <Table.Tr key={step.step}>
                      <Table.Th scope="row" fw={400}>
                        {step.step}
                      </Table.Th>
                      {statistics.funnel.map((row) => (
                        <Table.Td key={row.certificationCode} ta="right">
                          {formatCount(funnelSteps(row)[index]?.dossiers ?? 0)}
                        </Table.Td>
                      ))}
                      <Table.Td ta="right">{formatCount(step.dossiers)}</Table.Td>
                    </Table.Tr>
                  ))}
                  <Table.Tr>
                    <Table.Th scope="row" fw={400}>
                      Taux de réussite au jury
                    </Table.Th>
                    {statistics.funnel.map((row) => (
                      <Table.Td key={row.certificationCode} ta="right">
                        {formatPercent(row.successRate)}
                      </Table.Td>
                    ))}
                    <Table.Td ta="right">{formatPercent(statistics.total.successRate)}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </TableScroll>
          </section>
          {statistics.breakdowns.map((breakdown) => (
            <section key={breakdown.dimension} aria-labelledby={`repartition-${breakdown.dimension}`}>
              <Group justify="space-between" align="baseline">
                <Title order={2} size="h3" id={`repartition-${breakdown.dimension}`}>
                  {breakdown.title}
                </Title>
                <Group gap="md">
                  <Anchor href={`/exports/statistics/${breakdown.dimension.toLowerCase()}.csv?${query}`} size="sm">
                    Télécharger « {breakdown.title} » (CSV)
                  </Anchor>
                  <Anchor href={`/exports/statistics/${breakdown.dimension.toLowerCase()}.xlsx?${query}`} size="sm">
                    Télécharger « {breakdown.title} » (XLSX)
                  </Anchor>
                </Group>
              </Group>
              {CHARTED.includes(breakdown.dimension) && (
                <StatisticsChart
                  id={`repartition-${breakdown.dimension}`}
                  title={`${breakdown.title} : dossiers ouverts et certifiés`}
                  dataKey="categorie"
                  {...breakdownChart(breakdown)}
                />
              )}
              <TableScroll minWidth={420} label={breakdown.title}>
                <Table striped withTableBorder data-testid={`repartition-${breakdown.dimension}`}>
                  <Table.Caption>{breakdown.title} : dossiers ouverts et certifiés</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Catégorie</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Dossiers ouverts
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Certifiés
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {breakdown.rows.map((row) => (
                      <Table.Tr key={row.key ?? "none"}>
                        <Table.Th scope="row" fw={400}>
                          {row.label}
                        </Table.Th>
                        <Table.Td ta="right">{masked(row.opened)}</Table.Td>
                        <Table.Td ta="right">{masked(row.certified)}</Table.Td>
                      </Table.Tr>
                    ))}
                    <Table.Tr>
                      <Table.Th scope="row">Total</Table.Th>
                      <Table.Td ta="right">{masked(breakdown.totalOpened)}</Table.Td>
                      <Table.Td ta="right">{masked(breakdown.totalCertified)}</Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
              </TableScroll>
            </section>
          ))}
          <ActivitySection rows={statistics.activity} query={query} />
          <FollowUpTable rows={statistics.followUp} query={query} />
          <AnnualReportJob codes={statistics.funnel.map((row) => row.certificationCode).filter((c) => c != null)} />
        </>
      )}
    </Stack>
  );
}
