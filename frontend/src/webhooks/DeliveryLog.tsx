import { Badge, Button, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "urql";
import { FormAlert } from "../components/FormAlert";
import { formatDateTime } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { CursorPager, PAGE_SIZE, useCursorPagination } from "../components/pagination";
import { TableScroll } from "../components/TableScroll";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { ReplayWebhookDeliveryMutation, WebhookDeliveriesQuery } from "./documents";

const STATUS = {
  PENDING: { label: "En attente", color: "gray.8" },
  DELIVERED: { label: "Livré", color: "teal.9" },
  DEAD: { label: "Abandonné", color: "red.9" },
} as const;

/** One subscription's delivery log, newest first, with "Renvoyer" on each line. */
export function DeliveryLog({ subscriptionId }: { subscriptionId: string }) {
  const pagination = useCursorPagination();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WebhookDeliveriesQuery,
    variables: { subscriptionId, first: PAGE_SIZE, after: pagination.after },
  });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const replay = useMutationWithErrors(ReplayWebhookDeliveryMutation, (d) => d.replayWebhookDelivery);
  const log = data?.webhookDeliveries;

  async function onReplay(id: string) {
    const outcome = await replay.run({ id });
    if (outcome.ok) refetch();
  }

  return (
    <section aria-labelledby="delivery-log-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="delivery-log-heading">
          Journal des envois
        </Title>
        <FormAlert messages={replay.general} title="Renvoi impossible" />
        {fetching && !data ? (
          <LoadingState label="Chargement du journal…" />
        ) : error && !data ? (
          <OperationError message="Impossible de charger le journal." error={error} onRetry={refetch} />
        ) : log?.__typename === "NotFound" ? (
          <Text>{log.message}</Text>
        ) : log && log.edges.length === 0 ? (
          <Text>Aucun envoi pour l'instant.</Text>
        ) : (
          log && (
            <>
              <TableScroll minWidth={760} label="Journal des envois">
                <Table striped withTableBorder aria-labelledby="delivery-log-heading">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Événement</Table.Th>
                      <Table.Th scope="col">Créé le</Table.Th>
                      <Table.Th scope="col">État</Table.Th>
                      <Table.Th scope="col">Tentatives</Table.Th>
                      <Table.Th scope="col">Dernière réponse</Table.Th>
                      <Table.Th scope="col">Actions</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {log.edges.map(({ node }) => (
                      <Table.Tr key={node.id}>
                        <Table.Td ff="monospace">
                          {node.eventType}
                          {node.replayOfId && <Text size="sm">(renvoi)</Text>}
                        </Table.Td>
                        <Table.Td>{formatDateTime(node.createdAt)}</Table.Td>
                        <Table.Td>
                          <Badge color={STATUS[node.status].color} variant="filled" tt="none">
                            {STATUS[node.status].label}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{node.attempts}</Table.Td>
                        <Table.Td>{node.lastStatusCode ?? node.lastError ?? ""}</Table.Td>
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="default"
                            loading={replay.fetching}
                            onClick={() => void onReplay(node.id)}
                            aria-label={`Renvoyer l'événement ${node.eventType} du ${formatDateTime(node.createdAt)}`}
                          >
                            Renvoyer
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
              <CursorPager
                pagination={pagination}
                pageInfo={log.pageInfo}
                totalCount={log.totalCount}
                label="Pagination du journal"
                disabled={fetching}
              />
            </>
          )
        )}
      </Stack>
    </section>
  );
}
