import { Badge, Group, List, Paper, Stack, Text } from "@mantine/core";
import { useQuery } from "urql";
import { formatDayTime } from "../components/format";
import type { DossierJuryDecisionsQuery as DecisionsData } from "../gql/graphql";
import { OUTCOME_LABELS } from "../juries/labels";
import { DossierJuryDecisionsQuery } from "./documents";

type Decision = DecisionsData["dossierJuryDecisions"][number];

/**
 * The jury's decisions as the organisation may read them: the grounds, the criteria at
 * issue, the comments addressed to the organisation and to the candidate (never the
 * jury's internal one), and each amendment with what it did to the dossier.
 */
export function JuryDecisionRecords({ dossierId }: { dossierId: string }) {
  const [{ data }] = useQuery({ query: DossierJuryDecisionsQuery, variables: { dossierId } });
  const decisions = data?.dossierJuryDecisions ?? [];
  if (decisions.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="jury-decision-records">
      {decisions.map((decision) => (
        <DecisionRecord key={decision.id} decision={decision} />
      ))}
    </Stack>
  );
}

function DecisionRecord({ decision }: { decision: Decision }) {
  const amendment = decision.amendsId !== null && decision.amendsId !== undefined;
  return (
    <Paper withBorder p="sm" data-decision={decision.id}>
      <Group gap="xs" mb={4}>
        <Text size="sm" fw={600}>
          {amendment ? "Décision rectifiée" : decision.sessionLabel} : {OUTCOME_LABELS[decision.outcome]}
        </Text>
        {decision.obtainedAtFirstEvaluation && (
          <Badge variant="light" color="teal.9">
            Obtenu dès l’évaluation préalable
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {formatDayTime(decision.decidedAt)}
      </Text>
      <List size="sm" spacing={2} mt={4} listStyleType="none">
        {decision.reason && <List.Item>{amendment ? "Motif de la rectification" : "Motif"} : {decision.reason}</List.Item>}
        {decision.criteriaAtIssue.length > 0 && (
          <List.Item>Points à retravailler : {decision.criteriaAtIssue.join(", ")}</List.Item>
        )}
        {decision.organisationComment && (
          <List.Item>Commentaire pour l’organisme : {decision.organisationComment}</List.Item>
        )}
        {decision.candidateComment && (
          <List.Item>Commentaire pour le candidat : {decision.candidateComment}</List.Item>
        )}
        {amendment && decision.effect && <List.Item>Effet : {decision.effect}</List.Item>}
      </List>
    </Paper>
  );
}
