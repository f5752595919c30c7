import { Anchor, Badge, Button, Group, List, Stack, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { TableScroll } from "../components/TableScroll";
import type { JuryAgendaQuery, JurySessionFieldsFragment } from "../gql/graphql";
import { OUTCOME_COLORS, OUTCOME_LABELS } from "./labels";

export type AgendaEntry = JuryAgendaQuery["juryAgenda"][number];

interface AgendaTableProps {
  session: JurySessionFieldsFragment;
  entries: readonly AgendaEntry[];
  titleOf: (code: string) => string;
  /** Where a dossier's review opens. */
  dossierPath: (dossierId: string) => string;
  /** "secretary": Certif'Pro's view (every recusal, actions); "member": the viewer's own recusal. */
  mode: "secretary" | "member";
  onRemove?: (entry: AgendaEntry) => void;
  onAmend?: (entry: AgendaEntry) => void;
}

export function DecisionBadge({ decision }: { decision: NonNullable<AgendaEntry["decision"]> }) {
  return (
    <Badge color={OUTCOME_COLORS[decision.outcome]} variant="filled" tt="none" data-testid="decision-outcome">
      {OUTCOME_LABELS[decision.outcome]}
    </Badge>
  );
}

/** The dossiers of a session's agenda, their recusals and decisions. */
export function AgendaTable({ session, entries, titleOf, dossierPath, mode, onRemove, onAmend }: AgendaTableProps) {
  const names = new Map(session.attendees.map((a) => [a.memberId, a.fullName]));
  return (
    <TableScroll minWidth={900} label="Ordre du jour">
      <Table striped withTableBorder aria-label="Ordre du jour" data-testid="agenda-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Candidat</Table.Th>
            <Table.Th scope="col">Organisme</Table.Th>
            <Table.Th scope="col">Certification</Table.Th>
            <Table.Th scope="col">{mode === "secretary" ? "Récusations" : "Votre situation"}</Table.Th>
            <Table.Th scope="col">Décision</Table.Th>
            {mode === "secretary" && <Table.Th scope="col">Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.dossierId} data-dossier={entry.dossierId}>
              <Table.Td>
                <Anchor component={Link} to={dossierPath(entry.dossierId)}>
                  {entry.holderName}
                </Anchor>
              </Table.Td>
              <Table.Td>{entry.organisationName}</Table.Td>
              <Table.Td>{titleOf(entry.certificationCode)}</Table.Td>
              <Table.Td data-testid="recusals">
                {entry.parityProblem && !entry.decision && (
                  <Text size="xs" c="red.9" data-testid="dossier-parity">
                    {entry.parityProblem}
                  </Text>
                )}
                {mode === "member" ? (
                  entry.myRecusal ? (
                    <Stack gap={2}>
                      <Badge color="warning.9" variant="filled" tt="none">
                        Récusé(e)
                      </Badge>
                      <Text size="xs">{entry.myRecusal}</Text>
                    </Stack>
                  ) : (
                    "—"
                  )
                ) : entry.recusals.length === 0 ? (
                  "Aucune"
                ) : (
                  <List size="xs" spacing={2}>
                    {entry.recusals.map((recusal) => (
                      <List.Item key={recusal.memberId}>
                        <strong>{names.get(recusal.memberId) ?? "Membre"}</strong> : {recusal.reason}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Table.Td>
              <Table.Td data-testid="decision">
                {entry.decision ? (
                  <Stack gap={2}>
                    <Group gap={4}>
                      <DecisionBadge decision={entry.decision} />
                      {entry.decision.frozen && <Text size="xs">(définitive)</Text>}
                    </Group>
                    {entry.decision.reason && <Text size="xs">{entry.decision.reason}</Text>}
                    {entry.decision.recordedBy && (
                      <Text size="xs" data-testid="recorded-by">
                        Enregistrée par {entry.decision.recordedBy}
                        {entry.decision.presidedBy ? ` ; présidence : ${entry.decision.presidedBy.fullName}` : ""}
                      </Text>
                    )}
                    {entry.amendments.map((amendment) => (
                      <Text size="xs" key={amendment.id} data-testid="amendment">
                        Rectifiée : {OUTCOME_LABELS[amendment.outcome]} — {amendment.reason}
                        {amendment.effect ? ` (${amendment.effect})` : ""}
                      </Text>
                    ))}
                  </Stack>
                ) : entry.returnedReason ? (
                  <Text size="xs">Non examiné : retour au vivier « prêt pour le jury ».</Text>
                ) : (
                  "En attente"
                )}
              </Table.Td>
              {mode === "secretary" && (
                <Table.Td>
                  <Group gap="xs">
                    {session.status !== "CLOSED" && onRemove && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => onRemove(entry)}
                        aria-label={`Retirer ${entry.holderName} de l’ordre du jour`}
                      >
                        Retirer
                      </Button>
                    )}
                    {session.status === "CLOSED" && entry.decision?.frozen && onAmend && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => onAmend(entry)}
                        aria-label={`Rectifier la décision sur ${entry.holderName}`}
                      >
                        Rectifier
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
