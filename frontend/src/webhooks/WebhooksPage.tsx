import { Alert, Badge, Button, Checkbox, Code, CopyButton, Group, Modal, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { FormAlert } from "../components/FormAlert";
import { formatDateTime } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import { hasErrors, useForm } from "../forms/useForm";
import { required } from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { OrganisationPageHeader } from "../organisation/OrganisationPageHeader";
import {
  CreateWebhookSubscriptionMutation,
  DeleteWebhookSubscriptionMutation,
  UpdateWebhookSubscriptionMutation,
  WebhookSubscriptionsQuery,
} from "./documents";
import { DeliveryLog } from "./DeliveryLog";

const FIELDS = ["url", "description", "events"] as const;
const EMPTY = { url: "", description: "", events: [] as string[] };
const VALIDATORS = {
  url: required("Saisissez l'adresse de votre système (https://…)."),
  events: (events: string[]) => (events.length > 0 ? null : "Choisissez au moins un événement."),
};

interface Subscription {
  id: string;
  url: string;
  description: string;
  events: readonly string[];
  active: boolean;
}

/** `/organisation/webhooks` (org admin): subscriptions, their log, replay. */
export function WebhooksPage() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: WebhookSubscriptionsQuery });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const [logOf, setLogOf] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm(EMPTY, VALIDATORS);
  const create = useMutationWithErrors(CreateWebhookSubscriptionMutation, (d) => d.createWebhookSubscription, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
    succeeded: (payload) => Boolean(payload.secret),
  });
  const update = useMutationWithErrors(UpdateWebhookSubscriptionMutation, (d) => d.updateWebhookSubscription);
  const remove = useMutationWithErrors(DeleteWebhookSubscriptionMutation, (d) => d.deleteWebhookSubscription);
  const labels = new Map((data?.webhookEventTypes ?? []).map((t) => [t.code, t.label]));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.setGeneral([]);
    if (hasErrors(form.validate())) return;
    const outcome = await create.run({
      url: form.values.url.trim(),
      description: form.values.description.trim(),
      events: form.values.events,
    });
    if (outcome.ok && outcome.payload.secret) {
      form.reset(EMPTY);
      setSecret(outcome.payload.secret);
      refetch();
    }
  }

  async function toggle(subscription: Subscription) {
    const outcome = await update.run({
      id: subscription.id,
      url: subscription.url,
      description: subscription.description,
      events: [...subscription.events],
      active: !subscription.active,
    });
    if (outcome.ok) refetch();
  }

  async function onDelete(subscription: Subscription) {
    const outcome = await remove.run({ id: subscription.id });
    if (outcome.ok) {
      if (logOf === subscription.id) setLogOf(null);
      refetch();
    }
  }

  return (
    <Stack gap="xl">
      <OrganisationPageHeader title="Webhooks" />
      <Text>
        Votre système d'information reçoit les événements de votre organisme (requêtes POST signées, en-têtes
        « webhook-id », « webhook-timestamp », « webhook-signature »).
      </Text>
      <section aria-labelledby="webhooks-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="webhooks-heading">
            Abonnements
          </Title>
          <FormAlert messages={[...update.general, ...remove.general]} title="Action impossible" />
          {fetching && !data ? (
            <LoadingState label="Chargement des abonnements…" />
          ) : error && !data ? (
            <OperationError message="Impossible de charger les abonnements." error={error} onRetry={refetch} />
          ) : data && data.webhookSubscriptions.length === 0 ? (
            <Text>Aucun abonnement.</Text>
          ) : (
            <TableScroll minWidth={760} label="Abonnements">
              <Table striped withTableBorder aria-labelledby="webhooks-heading">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Adresse</Table.Th>
                    <Table.Th scope="col">Événements</Table.Th>
                    <Table.Th scope="col">État</Table.Th>
                    <Table.Th scope="col">Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data?.webhookSubscriptions.map((subscription) => (
                    <Table.Tr key={subscription.id}>
                      <Table.Td>
                        <Text ff="monospace" size="sm" style={{ wordBreak: "break-all" }}>
                          {subscription.url}
                        </Text>
                        {subscription.description && <Text size="sm">{subscription.description}</Text>}
                      </Table.Td>
                      <Table.Td>{subscription.events.map((e) => labels.get(e) ?? e).join(", ")}</Table.Td>
                      <Table.Td>
                        {subscription.active ? (
                          <Badge color="teal.9" variant="filled" tt="none">
                            Actif
                          </Badge>
                        ) : (
                          <Badge color="red.9" variant="filled" tt="none">
                            {subscription.disabledAt
                              ? `Désactivé le ${formatDateTime(subscription.disabledAt)}`
                              : "En pause"}
                          </Badge>
                        )}
                        {subscription.disabledReason && <Text size="sm">{subscription.disabledReason}</Text>}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs">
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setLogOf(subscription.id)}
                            aria-label={`Journal des envois vers ${subscription.url}`}
                          >
                            Journal
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            loading={update.fetching}
                            onClick={() => void toggle(subscription)}
                            aria-label={`${subscription.active ? "Mettre en pause" : "Réactiver"} ${subscription.url}`}
                          >
                            {subscription.active ? "Mettre en pause" : "Réactiver"}
                          </Button>
                          <Button
                            size="xs"
                            color="red.9"
                            loading={remove.fetching}
                            onClick={() => void onDelete(subscription)}
                            aria-label={`Supprimer l'abonnement ${subscription.url}`}
                          >
                            Supprimer
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </Stack>
      </section>
      {logOf && <DeliveryLog subscriptionId={logOf} />}
      <section aria-labelledby="new-webhook-heading">
        <Title order={2} size="h3" id="new-webhook-heading" mb="sm">
          Nouvel abonnement
        </Title>
        <form onSubmit={onSubmit} noValidate aria-label="Nouvel abonnement">
          <Stack gap="sm">
            <FormAlert messages={create.general} title="Création impossible" />
            <TextInput
              label="Adresse (URL)"
              description="https:// obligatoire ; une adresse du réseau interne est refusée."
              required
              {...form.textField("url")}
            />
            <TextInput label="Description" {...form.textField("description")} />
            <Checkbox.Group
              label="Événements"
              required
              value={form.values.events}
              onChange={(value) => form.setValue("events", value)}
              error={form.errors.events}
            >
              <Stack gap={4} mt={4}>
                {(data?.webhookEventTypes ?? []).map((type) => (
                  <Checkbox key={type.code} value={type.code} label={type.label} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Button type="submit" loading={create.fetching} style={{ alignSelf: "flex-start" }}>
              Créer l'abonnement
            </Button>
          </Stack>
        </form>
      </section>
      <Modal opened={secret !== null} onClose={() => setSecret(null)} title="Abonnement créé" centered size="lg" closeOnClickOutside={false}>
        <Stack gap="md">
          <Alert color="warning" variant="light" title="Ce secret ne sera plus affiché" role="alert">
            <Text size="sm">
              Votre système vérifie la signature de chaque requête avec ce secret : copiez-le maintenant et
              conservez-le dans un coffre de secrets.
            </Text>
          </Alert>
          <Code block data-testid="webhook-secret" style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
            {secret}
          </Code>
          <Group justify="space-between">
            <CopyButton value={secret ?? ""} timeout={3000}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? "Secret copié" : "Copier le secret"}
                </Button>
              )}
            </CopyButton>
            <Button onClick={() => setSecret(null)}>J’ai copié le secret</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
