import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import type { SessionStatus } from "../gql/graphql";
import { JurySessionsQuery } from "./documents";
import { placeLabel, SESSION_STATUS_COLORS, SESSION_STATUS_LABELS } from "./labels";
import { useCertifications } from "./useCertifications";

const ALL = "__toutes__";
const STATUS_OPTIONS = [
  { value: ALL, label: "Toutes les sessions" },
  ...(Object.keys(SESSION_STATUS_LABELS) as SessionStatus[]).map((value) => ({
    value,
    label: SESSION_STATUS_LABELS[value],
  })),
];

export function SessionStatusBadge({ status }: { status: SessionStatus }) {
  return (
    <Badge color={SESSION_STATUS_COLORS[status]} variant="filled" tt="none" data-testid="session-status" data-status={status}>
      {SESSION_STATUS_LABELS[status]}
    </Badge>
  );
}

/** `/plateforme/jury/sessions` (Certif'Pro admin): every session, newest first. */
export function JurySessionsPage() {
  useDocumentTitle(pageTitle("Sessions de jury"));
  const { titleOf } = useCertifications();
  const [status, setStatus] = useState<string>(ALL);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: JurySessionsQuery,
    variables: { status: status === ALL ? null : (status as SessionStatus) },
    requestPolicy: "cache-and-network",
  });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const sessions = data?.jurySessions ?? [];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Sessions de jury</Title>
        <Button component={Link} to="/plateforme/jury/sessions/nouvelle">
          Convoquer une session
        </Button>
      </Group>
      <Group gap="sm" align="flex-end" role="search" aria-label="Filtres des sessions">
        <Select
          label="Statut"
          data={STATUS_OPTIONS}
          value={status}
          onChange={(value) => setStatus(value ?? ALL)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      {fetching && !data ? (
        <LoadingState label="Chargement des sessions…" />
      ) : error && !data ? (
        <OperationError message="Impossible de charger les sessions." error={error} onRetry={refetch} />
      ) : sessions.length === 0 ? (
        <Text>Aucune session de jury.</Text>
      ) : (
        <TableScroll minWidth={820} label="Sessions de jury">
          <Table striped withTableBorder aria-label="Sessions de jury" data-testid="sessions-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Date</Table.Th>
                <Table.Th scope="col">Session</Table.Th>
                <Table.Th scope="col">Région</Table.Th>
                <Table.Th scope="col">Lieu</Table.Th>
                <Table.Th scope="col">Certifications</Table.Th>
                <Table.Th scope="col">Membres présents</Table.Th>
                <Table.Th scope="col">Statut</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.map((session) => (
                <Table.Tr key={session.id} data-session={session.id}>
                  <Table.Td>{formatDay(session.heldOn)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/plateforme/jury/sessions/${session.id}`}>
                      {session.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{session.region}</Table.Td>
                  <Table.Td>{placeLabel(session)}</Table.Td>
                  <Table.Td>{session.certificationCodes.map(titleOf).join(", ")}</Table.Td>
                  <Table.Td>
                    {session.attendees.filter((a) => a.present).length} / {session.attendees.length}
                  </Table.Td>
                  <Table.Td>
                    <SessionStatusBadge status={session.status} />
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
