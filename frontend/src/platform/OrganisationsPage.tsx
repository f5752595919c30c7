import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { labelOf, NETWORK_LABELS, ORGANISATION_STATUS_LABELS } from "../auth/labels";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { formatDate } from "../components/format";
import { TableScroll } from "../components/TableScroll";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { CursorPager, PAGE_SIZE, useCursorPagination } from "../components/pagination";
import type { OrganisationStatus } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { CreateOrganisationForm } from "./CreateOrganisationForm";
import { OrganisationsQuery, ReactivateOrganisationMutation } from "./documents";
import { NetworkHeadModal, type NetworkHeadOrganisation } from "./NetworkHeadModal";
import { SuspendOrganisationModal } from "./SuspendOrganisationModal";

const ANY_STATUS = "__tous__";
const STATUS_OPTIONS = [
  { value: ANY_STATUS, label: "Tous les statuts" },
  ...(Object.keys(ORGANISATION_STATUS_LABELS) as OrganisationStatus[]).map((value) => ({
    value,
    label: ORGANISATION_STATUS_LABELS[value],
  })),
];
const STATUS_COLORS: Record<string, string> = {
  PENDING: "blue.9",
  ACTIVE: "teal.9",
  SUSPENDED: "red.9",
};

/** `/plateforme/organismes` (Certif'Pro admin): organisations, creation, suspension, « Tête de
 * réseau ». */
export function OrganisationsPage() {
  useDocumentTitle(pageTitle("Organismes"));
  const pagination = useCursorPagination();
  const [search, setSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<string>(ANY_STATUS);
  const { reset } = pagination;
  useEffect(() => reset(), [debouncedSearch, status, reset]);

  const [{ data, fetching, error }, reexecute] = useQuery({
    query: OrganisationsQuery,
    variables: {
      first: PAGE_SIZE,
      after: pagination.after,
      search: debouncedSearch || null,
      status: status === ANY_STATUS ? null : (status as OrganisationStatus),
    },
  });
  const [suspending, setSuspending] = useState<{ id: string; name: string } | null>(null);
  const [heading, setHeading] = useState<NetworkHeadOrganisation | null>(null);
  const reactivate = useMutationWithErrors(ReactivateOrganisationMutation, (data) => data.reactivateOrganisation);
  const refetch = () => reexecute({ requestPolicy: "network-only" });

  async function onReactivate(id: string) {
    const outcome = await reactivate.run({ id });
    // Reactivated unless refused (an answer without payload counts as reactivated).
    if (outcome.ok || outcome.general.length === 0) refetch();
  }

  const connection = data?.organisations;
  return (
    <Stack gap="xl">
      <Title order={1}>Organismes</Title>
      <section aria-labelledby="organisations-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="organisations-heading">
            Organismes de la plateforme
          </Title>
          <Group gap="sm" align="flex-end" role="search" aria-label="Recherche d’organismes">
            <TextInput
              label="Rechercher"
              placeholder="Nom ou SIREN"
              type="search"
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              miw={260}
            />
            <Select
              label="Statut"
              data={STATUS_OPTIONS}
              value={status}
              onChange={(value) => setStatus(value ?? ANY_STATUS)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          <FormAlert messages={[reactivate.general.join(" ")]} title="Action impossible" />
          {fetching && !data ? (
            <LoadingState label="Chargement des organismes…" />
          ) : error && !data ? (
            <OperationError message="Impossible de charger les organismes." error={error} onRetry={refetch} />
          ) : connection && connection.edges.length === 0 ? (
            <Text>Aucun organisme ne correspond à ces critères.</Text>
          ) : (
            <TableScroll minWidth={900} label="Organismes de la plateforme">
              <Table striped withTableBorder aria-labelledby="organisations-heading" data-testid="organisations-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Nom</Table.Th>
                    <Table.Th scope="col">SIREN</Table.Th>
                    <Table.Th scope="col">Forme juridique</Table.Th>
                    <Table.Th scope="col">Réseau</Table.Th>
                    <Table.Th scope="col">Tête de réseau</Table.Th>
                    <Table.Th scope="col">Statut</Table.Th>
                    <Table.Th scope="col">Créé le</Table.Th>
                    <Table.Th scope="col">Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {connection?.edges.map(({ node }) => (
                    <Table.Tr key={node.id} data-organisation={node.slug}>
                      <Table.Td>{node.name}</Table.Td>
                      <Table.Td ff="monospace">{node.siren ?? "—"}</Table.Td>
                      <Table.Td>{node.legalForm || "—"}</Table.Td>
                      <Table.Td>{labelOf(NETWORK_LABELS, node.network)}</Table.Td>
                      <Table.Td>
                        {node.headsNetwork ? `Tête du réseau ${labelOf(NETWORK_LABELS, node.headsNetwork)}` : "—"}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLORS[node.status] ?? "gray.8"} variant="filled" tt="none">
                          {labelOf(ORGANISATION_STATUS_LABELS, node.status)}
                        </Badge>
                        {node.status === "SUSPENDED" && node.suspensionReason && (
                          <Text size="xs" mt={4}>
                            Motif : {node.suspensionReason}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDate(node.createdAt)}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            component={Link}
                            to={`/plateforme/organismes/${node.id}/controle`}
                            aria-label={`Contrôle de ${node.name}`}
                          >
                            Contrôle
                          </Button>
                          {node.kind === "EVALUATOR" && (
                            <Button
                              size="xs"
                              variant="default"
                              onClick={() => setHeading(node)}
                              aria-label={`Tête de réseau : ${node.name}`}
                            >
                              Tête de réseau
                            </Button>
                          )}
                          {node.status === "SUSPENDED" ? (
                            <Button
                              size="xs"
                              variant="default"
                              disabled={reactivate.fetching}
                              onClick={() => void onReactivate(node.id)}
                              aria-label={`Réactiver ${node.name}`}
                            >
                              Réactiver
                            </Button>
                          ) : (
                            <Button
                              size="xs"
                              color="red.9"
                              onClick={() => setSuspending({ id: node.id, name: node.name })}
                              aria-label={`Suspendre ${node.name}`}
                            >
                              Suspendre
                            </Button>
                          )}
                        </Group>
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
            label="Pagination des organismes"
            disabled={fetching}
          />
        </Stack>
      </section>
      <CreateOrganisationForm onCreated={refetch} />
      <NetworkHeadModal organisation={heading} onClose={() => setHeading(null)} onDone={refetch} />
      <SuspendOrganisationModal
        organisation={suspending}
        onClose={() => setSuspending(null)}
        onDone={refetch}
      />
    </Stack>
  );
}
