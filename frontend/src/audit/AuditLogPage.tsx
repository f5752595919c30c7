import { Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { dayBoundary, formatDateTime } from "../components/format";
import { TableScroll } from "../components/TableScroll";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { CursorPager, PAGE_SIZE, useCursorPagination } from "../components/pagination";
import { OrganisationPageHeader } from "../organisation/OrganisationPageHeader";
import { AuditFilters, NO_FILTER, type AuditFilterValues } from "./AuditFilters";
import { AuditEventsQuery } from "./documents";

interface AuditLogPageProps {
  /** "organisation": the active organisation's log; "platform": every organisation (Certif'Pro). */
  scope: "organisation" | "platform";
}

/** Variables of the audit query for the applied filters (empty filters omitted). */
export function auditVariables(filters: AuditFilterValues, scope: AuditLogPageProps["scope"]) {
  const variables: Record<string, string> = {};
  if (filters.operation.trim()) variables.operation = filters.operation.trim();
  if (filters.actorEmail.trim()) variables.actorEmail = filters.actorEmail.trim();
  const from = dayBoundary(filters.from, "start");
  const to = dayBoundary(filters.to, "end");
  if (from) variables.occurredFrom = from;
  if (to) variables.occurredTo = to;
  if (scope === "platform" && filters.organisationId) variables.organisationId = filters.organisationId;
  return variables;
}

/** `/organisation/journal` and `/plateforme/journal`: filterable, cursor-paginated audit log. */
export function AuditLogPage({ scope }: AuditLogPageProps) {
  const platform = scope === "platform";
  const pagination = useCursorPagination();
  const [filters, setFilters] = useState<AuditFilterValues>(NO_FILTER);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: AuditEventsQuery,
    variables: { first: PAGE_SIZE, after: pagination.after, ...auditVariables(filters, scope) },
  });
  const connection = data?.auditEvents;

  return (
    <Stack gap="lg">
      {platform ? <PlatformHeader /> : <OrganisationPageHeader title="Journal d'audit" />}
      <AuditFilters
        withOrganisation={platform}
        onApply={(next) => {
          setFilters(next);
          pagination.reset();
        }}
      />
      <section aria-labelledby="audit-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="audit-heading">
            Événements
          </Title>
          {fetching && !data ? (
            <LoadingState label="Chargement du journal…" />
          ) : error && !data ? (
            <OperationError
              message="Impossible de charger le journal d’audit."
              error={error}
              onRetry={() => reexecute({ requestPolicy: "network-only" })}
            />
          ) : connection && connection.edges.length === 0 ? (
            <Text>Aucun événement ne correspond à ces critères.</Text>
          ) : (
            <TableScroll minWidth={900} label="Événements">
              <Table striped withTableBorder aria-labelledby="audit-heading" data-testid="audit-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Date</Table.Th>
                    <Table.Th scope="col">Acteur</Table.Th>
                    {platform && <Table.Th scope="col">Organisation</Table.Th>}
                    <Table.Th scope="col">Opération</Table.Th>
                    <Table.Th scope="col">Résultat</Table.Th>
                    <Table.Th scope="col">Objets</Table.Th>
                    <Table.Th scope="col">Adresse IP</Table.Th>
                    <Table.Th scope="col">Requête</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {connection?.edges.map(({ node }) => (
                    <Table.Tr key={node.id} data-event={node.id}>
                      <Table.Td>{formatDateTime(node.occurredAt)}</Table.Td>
                      <Table.Td>{node.actorLabel}</Table.Td>
                      {platform && <Table.Td>{node.organisationName ?? "—"}</Table.Td>}
                      <Table.Td ff="monospace">{node.operation}</Table.Td>
                      <Table.Td>{outcomeLabel(node.outcome)}</Table.Td>
                      <Table.Td ff="monospace" fz="xs">
                        {node.objectIds.length > 0 ? node.objectIds.join(", ") : "—"}
                      </Table.Td>
                      <Table.Td ff="monospace">{node.ipAddress || "—"}</Table.Td>
                      <Table.Td ff="monospace" fz="xs">
                        {node.requestId}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
          <CursorPager
            pagination={pagination}
            pageInfo={connection?.pageInfo}
            totalCount={connection?.totalCount}
            label="Pagination du journal d'audit"
            disabled={fetching}
          />
        </Stack>
      </section>
    </Stack>
  );
}

const OUTCOME_LABELS: Record<string, string> = { ok: "Effectuée", refused: "Refusée" };

function outcomeLabel(outcome: string): string {
  return OUTCOME_LABELS[outcome] ?? outcome;
}

function PlatformHeader() {
  useDocumentTitle(pageTitle("Journal d'audit de la plateforme"));
  return <Title order={1}>Journal d'audit de la plateforme</Title>;
}
