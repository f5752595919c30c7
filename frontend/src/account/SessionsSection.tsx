import { Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useQuery } from "urql";
import { useSession } from "../auth/session";
import { ConfirmModal } from "../components/ConfirmModal";
import { FormAlert } from "../components/FormAlert";
import { formatDateTime } from "../components/format";
import { TableScroll } from "../components/TableScroll";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { LogoutEverywhereMutation, MySessionsQuery, RevokeSessionMutation } from "./documents";

/** "Mes sessions": the user's browser sessions, revocable one by one or all at once. */
export function SessionsSection() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: MySessionsQuery });
  const revokeSession = useMutationWithErrors(RevokeSessionMutation, (data) => data.revokeSession);
  const logoutEverywhere = useMutationWithErrors(LogoutEverywhereMutation, (data) => data.logoutEverywhere);
  const [revokingId, setRevokingId] = useState<string | null>(null);
  const { resetSession } = useSession();
  const navigate = useNavigate();
  // The first message of the last action refused.
  const failure = [...revokeSession.general, ...logoutEverywhere.general][0] ?? null;
  const [confirmEverywhere, setConfirmEverywhere] = useState(false);
  const refetch = () => reexecute({ requestPolicy: "network-only" });

  async function onRevoke(id: string) {
    logoutEverywhere.setGeneral([]);
    setRevokingId(id);
    const outcome = await revokeSession.run({ id });
    // Revoked unless refused (an answer without payload counts as revoked).
    if (outcome.ok || outcome.general.length === 0) refetch();
  }

  async function onLogoutEverywhere() {
    revokeSession.setGeneral([]);
    const outcome = await logoutEverywhere.run({});
    setConfirmEverywhere(false);
    if (!outcome.ok && outcome.general.length > 0) return;
    resetSession();
    void navigate("/connexion", { replace: true });
  }

  const sessions = data?.mySessions ?? [];

  return (
    <section aria-labelledby="sessions-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h3" id="sessions-heading">
            Mes sessions
          </Title>
          <Button color="red.9" onClick={() => setConfirmEverywhere(true)}>
            Se déconnecter partout
          </Button>
        </Group>
        <FormAlert messages={[failure]} title="Action impossible" />
        {fetching && !data ? (
          <LoadingState label="Chargement des sessions…" />
        ) : error && !data ? (
          <OperationError message="Impossible de charger vos sessions." error={error} onRetry={refetch} />
        ) : sessions.length === 0 ? (
          <Text>Aucune session active.</Text>
        ) : (
          <TableScroll minWidth={640} label="Mes sessions">
            <Table striped withTableBorder aria-labelledby="sessions-heading">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Ouverte le</Table.Th>
                  <Table.Th scope="col">Dernière activité</Table.Th>
                  <Table.Th scope="col">Navigateur</Table.Th>
                  <Table.Th scope="col">Adresse IP</Table.Th>
                  <Table.Th scope="col">Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.map((session) => (
                  <Table.Tr key={session.id} data-session={session.id}>
                    <Table.Td>{formatDateTime(session.createdAt)}</Table.Td>
                    <Table.Td>{formatDateTime(session.lastSeenAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2} title={session.userAgent}>
                        {session.userAgent || "—"}
                      </Text>
                    </Table.Td>
                    <Table.Td ff="monospace">{session.ipAddress || "—"}</Table.Td>
                    <Table.Td>
                      {session.current ? (
                        <Badge color="teal.9" variant="filled" tt="none">
                          Session actuelle
                        </Badge>
                      ) : (
                        <Button
                          size="xs"
                          variant="default"
                          loading={revokeSession.fetching && revokingId === session.id}
                          onClick={() => void onRevoke(session.id)}
                          aria-label={`Révoquer la session ouverte le ${formatDateTime(session.createdAt)}`}
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
      </Stack>
      <ConfirmModal
        opened={confirmEverywhere}
        title="Se déconnecter partout"
        confirmLabel="Se déconnecter partout"
        onConfirm={() => void onLogoutEverywhere()}
        onCancel={() => setConfirmEverywhere(false)}
        loading={logoutEverywhere.fetching}
      >
        <Text size="sm">
          Toutes vos sessions, y compris celle-ci, seront fermées : vous devrez vous reconnecter.
        </Text>
      </ConfirmModal>
    </section>
  );
}
