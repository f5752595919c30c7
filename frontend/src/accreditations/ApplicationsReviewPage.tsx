import { Button, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useId } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { formatDayTime } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import type { ApplicationStatus } from "../gql/graphql";
import { ApplicationsToReviewQuery } from "./reviewDocuments";
import { APPLICATION_STATUS_LABELS, APPLICATION_STATUS_ORDER } from "./labels";
import { ApplicationStatusBadge } from "./StatusBadges";

const ANY = "__toutes__";

export function reviewPath(id: string): string {
  return `/plateforme/candidatures/${id}`;
}

/** `/plateforme/candidatures?campagne=…&statut=…` (Certif'Pro admin): applications to review. */
export function ApplicationsReviewPage() {
  useDocumentTitle(pageTitle("Candidatures à instruire"));
  const headingId = useId();
  const [params, setParams] = useSearchParams();
  const campaignId = params.get("campagne") || null;
  const status = (params.get("statut") as ApplicationStatus | null) || null;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ApplicationsToReviewQuery,
    variables: { campaignId, status },
    requestPolicy: "cache-and-network",
  });

  function setFilter(name: "campagne" | "statut", value: string | null) {
    const next = new URLSearchParams(params);
    if (value && value !== ANY) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  const applications = data?.applications ?? [];
  return (
    <Stack gap="lg">
      <Title order={1} id={headingId}>
        Candidatures à instruire
      </Title>
      <Group gap="sm" align="flex-end" role="search" aria-label="Filtres des candidatures">
        <Select
          label="Campagne"
          data={[{ value: ANY, label: "Toutes les campagnes" }, ...(data?.campaigns ?? []).map((c) => ({ value: c.id, label: c.title }))]}
          value={campaignId ?? ANY}
          onChange={(value) => setFilter("campagne", value)}
          allowDeselect={false}
          miw={280}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Statut"
          data={[
            { value: ANY, label: "Tous les statuts" },
            ...APPLICATION_STATUS_ORDER.map((s) => ({ value: s, label: APPLICATION_STATUS_LABELS[s] })),
          ]}
          value={status ?? ANY}
          onChange={(value) => setFilter("statut", value)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      {fetching && !data ? (
        <LoadingState label="Chargement des candidatures…" />
      ) : error && !data ? (
        <OperationError
          message="Impossible de charger les candidatures."
          error={error}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : applications.length === 0 ? (
        <Text>Aucune candidature ne correspond à ces critères.</Text>
      ) : (
        <TableScroll minWidth={860} label="Candidatures">
          <Table striped withTableBorder aria-labelledby={headingId} data-testid="applications-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Organisme</Table.Th>
                <Table.Th scope="col">Campagne</Table.Th>
                <Table.Th scope="col">Statut</Table.Th>
                <Table.Th scope="col">Établissements</Table.Th>
                <Table.Th scope="col">Déposée le</Table.Th>
                <Table.Th scope="col">Dernière modification</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {applications.map((application) => (
                <Table.Tr key={application.id} data-application={application.id}>
                  <Table.Td>
                    {application.organisationName}
                    <Text size="xs" ff="monospace">
                      {application.organisationSiren ?? ""}
                    </Text>
                  </Table.Td>
                  <Table.Td>{application.campaign.title}</Table.Td>
                  <Table.Td>
                    <ApplicationStatusBadge status={application.status} />
                  </Table.Td>
                  <Table.Td>{application.sites.length}</Table.Td>
                  <Table.Td>{formatDayTime(application.submittedAt)}</Table.Td>
                  <Table.Td>{formatDayTime(application.updatedAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      component={Link}
                      to={reviewPath(application.id)}
                      size="xs"
                      variant="default"
                      aria-label={`Instruire la candidature de ${application.organisationName}`}
                    >
                      Instruire
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
}
