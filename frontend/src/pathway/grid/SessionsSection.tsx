import { Stack, Table, Text, Title } from "@mantine/core";
import { formatDay, formatMinutes } from "../../components/format";
import { TableScroll } from "../../components/TableScroll";
import type { EvaluationQuery as EvaluationData } from "../../gql/graphql";
import { minutesBetween } from "./PlanSessionModal";

type Sessions = Extract<EvaluationData["evaluation"], { __typename: "Evaluation" }>["sessions"];

/** The sittings planned for an evaluation, with the time they add up to. */
export function SessionsSection({
  sessions,
  plannedMinutes,
  maxMinutes,
  siteName,
  evaluatorName,
}: {
  sessions: Sessions;
  plannedMinutes: number;
  maxMinutes?: number;
  siteName: (id: string) => string;
  evaluatorName: (userId: string) => string;
}) {
  return (
    <section aria-labelledby="seances-titre">
      <Stack gap="xs">
        <Title order={2} size="h3" id="seances-titre">
          Séances d’évaluation
        </Title>
        <Text size="sm">
          Durée prévue : {formatMinutes(plannedMinutes)}
          {maxMinutes !== undefined && <> sur {formatMinutes(maxMinutes)} au maximum</>}.
        </Text>
        {sessions.length === 0 ? (
          <Text size="sm">Aucune séance planifiée.</Text>
        ) : (
          <TableScroll minWidth={560} label="Séances prévues">
            <Table striped withTableBorder data-testid="sessions-table">
              <Table.Caption>Séances prévues</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Date</Table.Th>
                  <Table.Th scope="col">Horaires</Table.Th>
                  <Table.Th scope="col">Durée</Table.Th>
                  <Table.Th scope="col">Site</Table.Th>
                  <Table.Th scope="col">Évaluateur</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.map((session) => (
                  <Table.Tr key={session.id}>
                    <Table.Td>{formatDay(session.day)}</Table.Td>
                    <Table.Td>
                      {session.startsAt} – {session.endsAt}
                    </Table.Td>
                    <Table.Td>{formatMinutes(minutesBetween(session.startsAt, session.endsAt))}</Table.Td>
                    <Table.Td>{siteName(session.siteId)}</Table.Td>
                    <Table.Td>{evaluatorName(session.evaluatorId)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Stack>
    </section>
  );
}
