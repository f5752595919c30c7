import { Alert, Button, Group, Table, Text, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useQuery } from "urql";
import { DateField } from "../components/DateField";
import { dayError } from "../components/dates";
import { TableScroll } from "../components/TableScroll";
import { currentYear, formatPercent } from "../home/figures";
import { OrganisationQualityQuery } from "./documents";

const ONE_DECIMAL = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** An indicator's figure in French: « 33,3 % », « 12,5 j », « 1 234 »; « — » when undefined. */
export function formatIndicator(key: string, value: number | null | undefined): string {
  if (value == null) return "—";
  if (key.endsWith("_rate") || key.endsWith("_share")) return formatPercent(value);
  if (key.endsWith("_days")) return `${ONE_DECIMAL.format(value)} j`;
  return ONE_DECIMAL.format(value);
}

/** The label without its unit (the figures carry it: « % », « j »). */
function shortLabel(label: string): string {
  return label.replace(/ \((%|jours)\)$/, "");
}

/** The control page's « Indicateurs qualité »: the organisation, each site, the national median. */
export function QualitySection({ organisationId }: { organisationId: string }) {
  const [draft, setDraft] = useState(currentYear());
  const [period, setPeriod] = useState(currentYear());
  const [{ data, fetching, error }] = useQuery({
    query: OrganisationQualityQuery,
    variables: { organisationId, ...period },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dayError(draft.openedFrom) || dayError(draft.openedTo)) return;
    setPeriod({ openedFrom: draft.openedFrom, openedTo: draft.openedTo });
  };
  const answer = data?.organisationQuality;
  return (
    <section aria-labelledby="quality-heading">
      <Title order={2} size="h3" id="quality-heading" mb="sm">
        Indicateurs qualité
      </Title>
      <form onSubmit={submit} aria-label="Période des indicateurs">
        <Group align="end" mb="sm">
          <DateField
            label="Dossiers ouverts du"
            value={draft.openedFrom}
            onChange={(value) => setDraft({ ...draft, openedFrom: value })}
          />
          <DateField label="au" value={draft.openedTo} onChange={(value) => setDraft({ ...draft, openedTo: value })} />
          <Button type="submit" variant="light" loading={fetching}>
            Afficher
          </Button>
        </Group>
      </form>
      {error && <Alert color="red">Impossible de charger les indicateurs : {error.message}</Alert>}
      {answer?.__typename === "StatisticsRefusal" && (
        <Alert color="red" title="Période impossible" role="alert">
          {answer.errors.map((problem) => (
            <Text key={`${problem.code}-${problem.field}`}>{problem.message}</Text>
          ))}
        </Alert>
      )}
      {answer?.__typename === "OrganisationQuality" && (
        <>
          <TableScroll minWidth={600 + 140 * answer.sites.length} label="Indicateurs qualité">
            <Table striped withTableBorder aria-labelledby="quality-heading">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Indicateur</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Organisme
                  </Table.Th>
                  {answer.sites.map((site) => (
                    <Table.Th key={site.id} scope="col" ta="right">
                      {site.name}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col" ta="right">
                    Médiane nationale
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {answer.indicators.map((indicator) => (
                  <Table.Tr key={indicator.key}>
                    <Table.Th scope="row" fw="normal">
                      {shortLabel(indicator.label)}
                    </Table.Th>
                    <Table.Td ta="right">{formatIndicator(indicator.key, indicator.organisation)}</Table.Td>
                    {indicator.sites.map((value, i) => (
                      <Table.Td key={answer.sites[i]?.id ?? i} ta="right">
                        {formatIndicator(indicator.key, value)}
                      </Table.Td>
                    ))}
                    <Table.Td ta="right">{formatIndicator(indicator.key, indicator.nationalMedian)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
          <Text size="sm" mt="xs">
            Dossiers ouverts sur la période. Médiane nationale : médiane des{" "}
            {answer.organisationsCompared.toLocaleString("fr-FR")} organismes ayant ouvert au moins un dossier
            sur la période ; « — » : rien à calculer.
          </Text>
        </>
      )}
    </section>
  );
}
