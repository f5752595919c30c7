import { Badge, Button, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { roleLabel } from "../auth/labels";
import { ConfirmModal } from "../components/ConfirmModal";
import { formatDateTime } from "../components/format";
import { TableScroll } from "../components/TableScroll";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { CursorPager, PAGE_SIZE, useCursorPagination } from "../components/pagination";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { CreateApiKeyForm } from "./CreateApiKeyForm";
import { ApiKeysQuery, RevokeApiKeyMutation } from "./documents";
import { OrganisationPageHeader } from "./OrganisationPageHeader";

/** `/organisation/cles-api`: API keys of the active organisation. */
export function ApiKeysPage() {
  const pagination = useCursorPagination();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ApiKeysQuery,
    variables: { first: PAGE_SIZE, after: pagination.after },
  });
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const revokeApiKey = useMutationWithErrors(RevokeApiKeyMutation, (data) => data.revokeApiKey);
  const refetch = () => reexecute({ requestPolicy: "network-only" });

  async function onRevoke() {
    if (!revoking) return;
    const outcome = await revokeApiKey.run({ id: revoking.id });
    // Revoked unless refused with a message (an answer without payload counts as revoked).
    if (!outcome.ok && outcome.general.length > 0) return;
    setRevoking(null);
    refetch();
  }

  const connection = data?.apiKeys;
  return (
    <Stack gap="xl">
      <OrganisationPageHeader title="Clés d'API" />
      <section aria-labelledby="api-keys-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="api-keys-heading">
            Clés existantes
          </Title>
          {fetching && !data ? (
            <LoadingState label="Chargement des clés d'API…" />
          ) : error && !data ? (
            <OperationError message="Impossible de charger les clés d'API." error={error} onRetry={refetch} />
          ) : connection && connection.edges.length === 0 ? (
            <Text>Aucune clé d'API.</Text>
          ) : (
            <TableScroll minWidth={760} label="Clés existantes">
              <Table striped withTableBorder aria-labelledby="api-keys-heading" data-testid="api-keys-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Nom</Table.Th>
                    <Table.Th scope="col">Rôle</Table.Th>
                    <Table.Th scope="col">Préfixe</Table.Th>
                    <Table.Th scope="col">Créée le</Table.Th>
                    <Table.Th scope="col">Dernière utilisation</Table.Th>
                    <Table.Th scope="col">Révoquée</Table.Th>
                    <Table.Th scope="col">Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {connection?.edges.map(({ node }) => (
                    <Table.Tr key={node.id} data-api-key={node.prefix}>
                      <Table.Td>{node.name}</Table.Td>
                      <Table.Td>{roleLabel(node.role)}</Table.Td>
                      <Table.Td ff="monospace">{node.prefix}</Table.Td>
                      <Table.Td>{formatDateTime(node.createdAt)}</Table.Td>
                      <Table.Td>{node.lastUsedAt ? formatDateTime(node.lastUsedAt) : "Jamais"}</Table.Td>
                      <Table.Td>
                        {node.revokedAt ? (
                          <Badge color="red.9" variant="filled" tt="none" title={formatDateTime(node.revokedAt)}>
                            Révoquée le {formatDateTime(node.revokedAt)}
                          </Badge>
                        ) : (
                          "Non"
                        )}
                      </Table.Td>
                      <Table.Td>
                        {!node.revokedAt && (
                          <Button
                            size="xs"
                            color="red.9"
                            onClick={() => {
                              revokeApiKey.setGeneral([]);
                              setRevoking({ id: node.id, name: node.name });
                            }}
                            aria-label={`Révoquer la clé ${node.name}`}
                          >
                            Révoquer
                          </Button>
                        )}
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
            label="Pagination des clés d'API"
            disabled={fetching}
          />
        </Stack>
      </section>
      <CreateApiKeyForm onCreated={refetch} />
      <ConfirmModal
        opened={revoking !== null}
        title="Révoquer la clé d'API"
        confirmLabel="Révoquer la clé"
        onConfirm={() => void onRevoke()}
        onCancel={() => setRevoking(null)}
        loading={revokeApiKey.fetching}
        error={revokeApiKey.general.join(" ") || null}
      >
        <Text size="sm">
          Les appels utilisant la clé « {revoking?.name} » seront refusés immédiatement. Cette action est
          définitive.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
