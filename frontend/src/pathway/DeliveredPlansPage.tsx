import { Badge, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useMemo, useState } from "react";
import { useQuery } from "urql";
import { formatDay, formatHours } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import type { DeliveredTrainingPlansQuery as Result } from "../gql/graphql";
import { pageTitle } from "../branding";
import { DeliveredTrainingPlansQuery } from "./training/documents";
import { ObjectivesProgress } from "./training/ObjectivesProgress";
import { ProgressForm } from "./training/ProgressForm";

type DeliveredPlan = Result["deliveredTrainingPlans"][number];

// The objectives' column already gives each objective's text: the criterion is its code.
const NO_TITLES = new Map<string, string>();

/** One delivered plan: who, what, how many hours, where each objective stands (set at once),
 * the sessions, and a form to record one. */
function DeliveredPlanCard({ plan, onRecorded }: { plan: DeliveredPlan; onRecorded: () => void }) {
  const titles = useMemo(() => new Map(plan.objectives.map((o) => [o.itemCode, o.objective])), [plan.objectives]);
  const headingId = `plan-${plan.id}`;
  const [recorded, setRecorded] = useState(false);
  return (
    <Card withBorder component="section" aria-labelledby={headingId} data-testid="delivered-plan">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h3" id={headingId}>
              {plan.candidateName}
            </Title>
            <Text size="sm">
              {plan.certificationCode} · dossier de {plan.evaluatorName}
              {plan.trainerName && <> · formateur : {plan.trainerName}</>}
            </Text>
            {(plan.startsOn || plan.endsOn) && (
              <Text size="sm">
                Du {formatDay(plan.startsOn)} au {formatDay(plan.endsOn)}
              </Text>
            )}
          </div>
          <Badge variant="light" data-testid="delivered-hours">
            {formatHours(plan.hoursDone)} réalisées sur {formatHours(plan.hoursPlanned)} prévues
          </Badge>
        </Group>
        <ObjectivesProgress plan={plan} titles={NO_TITLES} editable onChanged={onRecorded} delivered />
        {plan.progress.length > 0 && (
          <TableScroll minWidth={500} label="Séances enregistrées">
            <Table striped withTableBorder>
              <Table.Caption>Séances enregistrées</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Date</Table.Th>
                  <Table.Th scope="col">Durée</Table.Th>
                  <Table.Th scope="col">Items travaillés</Table.Th>
                  <Table.Th scope="col">Note</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.progress.map((entry, index) => (
                  <Table.Tr key={`${entry.day}-${index}`}>
                    <Table.Td>{formatDay(entry.day)}</Table.Td>
                    <Table.Td>{formatHours(entry.hours)}</Table.Td>
                    <Table.Td>{entry.itemsWorked.join(" ; ") || "—"}</Table.Td>
                    <Table.Td>{entry.note || "—"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
        {recorded && (
          <Text role="status" c="teal.9">
            La séance de formation a été enregistrée.
          </Text>
        )}
        <ProgressForm
          plan={plan}
          titles={titles}
          onRecorded={() => {
            setRecorded(true);
            onRecorded();
          }}
          delivered
        />
      </Stack>
    </Card>
  );
}

/** « Formations dispensées »: the plans this organisation delivers as training organisation,
 * whoever the evaluator (what the plan needs only: no dossier, no grid). */
export function DeliveredPlansPage() {
  useDocumentTitle(pageTitle("Formations dispensées"));
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DeliveredTrainingPlansQuery,
    requestPolicy: "cache-and-network",
  });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  if (fetching && !data) return <LoadingState label="Chargement des formations dispensées…" skeletons={2} />;
  if (error && !data) {
    return <OperationError message="Impossible de charger les formations dispensées." error={error} onRetry={refetch} />;
  }
  const plans = data?.deliveredTrainingPlans ?? [];
  return (
    <Stack gap="lg">
      <Title order={1}>Formations dispensées</Title>
      <Text>
        Les plans de formation qui désignent votre organisme comme organisme de formation habilité. Vous y
        voyez les objectifs, les heures et le suivi ; vous enregistrez les séances et l’avancement de chaque objectif.
      </Text>
      {plans.length === 0 ? (
        <Text>Aucun plan de formation ne désigne votre organisme pour le moment.</Text>
      ) : (
        plans.map((plan) => <DeliveredPlanCard key={plan.id} plan={plan} onRecorded={refetch} />)
      )}
    </Stack>
  );
}
