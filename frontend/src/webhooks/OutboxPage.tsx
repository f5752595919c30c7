import { Button, Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { formatDateTime } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { OutboxQuery, RetryEmailMutation, RetryWebhookDeliveryMutation } from "./documents";

const CHANNELS: Record<string, string> = {
  mail: "Courriels",
  webhooks: "Webhooks",
  declarations: "Déclarations CPF",
};

/** `/plateforme/envois` (Certif'Pro): mail and webhooks, waiting and set aside; send again. */
export function OutboxPage() {
  useDocumentTitle(pageTitle("Envois sortants"));
  const [{ data, fetching, error }, reexecute] = useQuery({ query: OutboxQuery });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const retryEmail = useMutationWithErrors(RetryEmailMutation, (d) => d.retryEmail);
  const retryWebhook = useMutationWithErrors(RetryWebhookDeliveryMutation, (d) => d.retryWebhookDelivery);

  async function again(run: () => Promise<{ ok: boolean }>) {
    const outcome = await run();
    if (outcome.ok) refetch();
  }

  return (
    <Stack gap="xl">
      <Title order={1}>Envois sortants</Title>
      <Text>
        Courriels, webhooks et lots de déclarations suivent les mêmes règles : nouvelles tentatives
        espacées, puis mise de côté après la dernière. Renvoyer remet l'envoi dans la file avec de nouvelles tentatives.
      </Text>
      <FormAlert messages={[...retryEmail.general, ...retryWebhook.general]} title="Renvoi impossible" />
      {fetching && !data ? (
        <LoadingState label="Chargement des envois…" />
      ) : error && !data ? (
        <OperationError message="Impossible de charger les envois." error={error} onRetry={refetch} />
      ) : (
        data && (
          <>
            <section aria-labelledby="channels-heading">
              <Title order={2} size="h3" id="channels-heading" mb="sm">
                Files d'envoi
              </Title>
              <Table striped withTableBorder aria-labelledby="channels-heading">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Canal</Table.Th>
                    <Table.Th scope="col">En attente</Table.Th>
                    <Table.Th scope="col">Mis de côté</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.outboxChannels.map((channel) => (
                    <Table.Tr key={channel.channel}>
                      <Table.Td>{CHANNELS[channel.channel] ?? channel.channel}</Table.Td>
                      <Table.Td>{channel.pending}</Table.Td>
                      <Table.Td>{channel.dead}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </section>
            <section aria-labelledby="dead-webhooks-heading">
              <Title order={2} size="h3" id="dead-webhooks-heading" mb="sm">
                Webhooks mis de côté
              </Title>
              {data.undeliverableWebhookDeliveries.edges.length === 0 ? (
                <Text>Aucun webhook mis de côté.</Text>
              ) : (
                <TableScroll minWidth={760} label="Webhooks mis de côté">
                  <Table striped withTableBorder aria-labelledby="dead-webhooks-heading">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">Événement</Table.Th>
                        <Table.Th scope="col">Organisme</Table.Th>
                        <Table.Th scope="col">Mis de côté le</Table.Th>
                        <Table.Th scope="col">Dernière réponse</Table.Th>
                        <Table.Th scope="col">Actions</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.undeliverableWebhookDeliveries.edges.map(({ node }) => (
                        <Table.Tr key={node.id}>
                          <Table.Td ff="monospace">{node.eventType}</Table.Td>
                          <Table.Td ff="monospace">{node.organisationId}</Table.Td>
                          <Table.Td>{formatDateTime(node.deadAt)}</Table.Td>
                          <Table.Td>{node.lastStatusCode ?? node.lastError}</Table.Td>
                          <Table.Td>
                            <Button
                              size="xs"
                              variant="default"
                              loading={retryWebhook.fetching}
                              onClick={() => void again(() => retryWebhook.run({ id: node.id }))}
                              aria-label={`Renvoyer le webhook ${node.eventType} mis de côté le ${formatDateTime(node.deadAt)}`}
                            >
                              Renvoyer
                            </Button>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </TableScroll>
              )}
            </section>
            <section aria-labelledby="dead-mail-heading">
              <Title order={2} size="h3" id="dead-mail-heading" mb="sm">
                Courriels mis de côté
              </Title>
              {data.undeliverableEmails.edges.length === 0 ? (
                <Text>Aucun courriel mis de côté.</Text>
              ) : (
                <TableScroll minWidth={760} label="Courriels mis de côté">
                  <Table striped withTableBorder aria-labelledby="dead-mail-heading">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">Destinataire</Table.Th>
                        <Table.Th scope="col">Objet</Table.Th>
                        <Table.Th scope="col">Mis de côté le</Table.Th>
                        <Table.Th scope="col">Erreur</Table.Th>
                        <Table.Th scope="col">Actions</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.undeliverableEmails.edges.map(({ node }) => (
                        <Table.Tr key={node.id}>
                          <Table.Td>{node.recipient}</Table.Td>
                          <Table.Td>{node.subject}</Table.Td>
                          <Table.Td>{formatDateTime(node.deadAt)}</Table.Td>
                          <Table.Td>{node.lastError}</Table.Td>
                          <Table.Td>
                            <Button
                              size="xs"
                              variant="default"
                              loading={retryEmail.fetching}
                              onClick={() => void again(() => retryEmail.run({ id: node.id }))}
                              aria-label={`Renvoyer le courriel « ${node.subject} » à ${node.recipient}`}
                            >
                              Renvoyer
                            </Button>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </TableScroll>
              )}
            </section>
          </>
        )
      )}
    </Stack>
  );
}
