import { NativeSelect, Progress, Stack, Table, Text, Title } from "@mantine/core";
import { useId, useState } from "react";
import { FormAlert } from "../../components/FormAlert";
import { TableScroll } from "../../components/TableScroll";
import type { TrainingObjectiveStatus } from "../../gql/graphql";
import { useMutationWithErrors } from "../../graphql/useMutationWithErrors";
import { itemLabel } from "../referentiel";
import { SetDeliveredTrainingObjectiveStatusMutation, SetTrainingObjectiveStatusMutation } from "./documents";

export const OBJECTIVE_STATUS_LABELS: Record<TrainingObjectiveStatus, string> = {
  TO_DO: "À faire",
  IN_PROGRESS: "En cours",
  REACHED: "Objectif atteint",
};

const OPTIONS = (Object.keys(OBJECTIVE_STATUS_LABELS) as TrainingObjectiveStatus[]).map((value) => ({
  value,
  label: OBJECTIVE_STATUS_LABELS[value],
}));

/** "2 objectifs atteints sur 5, 1 en cours". */
export function objectivesSummary(statuses: readonly TrainingObjectiveStatus[]): string {
  const reached = statuses.filter((s) => s === "REACHED").length;
  const inProgress = statuses.filter((s) => s === "IN_PROGRESS").length;
  const head = `${reached} objectif${reached > 1 ? "s" : ""} atteint${reached > 1 ? "s" : ""} sur ${statuses.length}`;
  return inProgress > 0 ? `${head}, ${inProgress} en cours` : head;
}

/** The plan as this block needs it: its id and its objectives with their status. */
interface ObjectivesPlan {
  id: string;
  objectives: readonly { itemCode: string; objective: string; status: TrainingObjectiveStatus }[];
}

interface ObjectivesProgressProps {
  plan: ObjectivesPlan;
  titles: Map<string, string>;
  editable: boolean;
  onChanged: () => void;
  /** The training organisation's screen (`setDeliveredTrainingObjectiveStatus`) rather
   * than the evaluator's (`setTrainingObjectiveStatus`). */
  delivered?: boolean;
}

/**
 * Where the training stands on each objective, set by the trainer and saved at once
 * (like the grid), and the plan's progress bar (objectives reached).
 */
export function ObjectivesProgress({ plan, titles, editable, onChanged, delivered = false }: ObjectivesProgressProps) {
  const own = useMutationWithErrors(SetTrainingObjectiveStatusMutation, (data) => data.setTrainingObjectiveStatus);
  const elsewhere = useMutationWithErrors(
    SetDeliveredTrainingObjectiveStatusMutation,
    (data) => data.setDeliveredTrainingObjectiveStatus,
  );
  const set = delivered ? elsewhere : own;
  // Unique per block: the training organisation's screen shows one per plan.
  const headingId = `avancement-${useId()}`;
  const [saving, setSaving] = useState<string | null>(null);
  const [shown, setShown] = useState<Record<string, TrainingObjectiveStatus>>({});
  const statusOf = (code: string, stored: TrainingObjectiveStatus) => shown[code] ?? stored;
  const statuses = plan.objectives.map((o) => statusOf(o.itemCode, o.status));
  const reached = statuses.filter((s) => s === "REACHED").length;
  const summary = objectivesSummary(statuses);

  async function change(itemCode: string, status: TrainingObjectiveStatus) {
    setShown((current) => ({ ...current, [itemCode]: status }));
    setSaving(itemCode);
    const outcome = await set.run({ planId: plan.id, itemCode, status });
    setSaving(null);
    if (outcome.ok) onChanged();
    else setShown((current) => Object.fromEntries(Object.entries(current).filter(([code]) => code !== itemCode)));
  }

  return (
    <section aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          Avancement des objectifs
        </Title>
        <FormAlert messages={set.general} title="Avancement non enregistré" />
        <Text fw={600} data-testid="objectives-progress">
          {summary}
        </Text>
        <Progress
          value={statuses.length === 0 ? 0 : (100 * reached) / statuses.length}
          size="lg"
          color="#1e6b30"
          aria-label={`Avancement du plan : ${summary}`}
        />
        <TableScroll minWidth={560} label="Objectifs et leur avancement">
          <Table striped withTableBorder data-testid="objectives-status">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Critère</Table.Th>
                <Table.Th scope="col">Objectif pédagogique</Table.Th>
                <Table.Th scope="col">Avancement</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plan.objectives.map((objective) => {
                const label = itemLabel(objective.itemCode, titles);
                const status = statusOf(objective.itemCode, objective.status);
                return (
                  <Table.Tr key={objective.itemCode} data-objective-status={objective.itemCode}>
                    <Table.Th scope="row" fw={400}>
                      {label}
                    </Table.Th>
                    <Table.Td>{objective.objective}</Table.Td>
                    <Table.Td>
                      {editable ? (
                        <NativeSelect
                          aria-label={`Avancement — ${label}`}
                          data={OPTIONS}
                          value={status}
                          disabled={saving === objective.itemCode}
                          onChange={(event) => void change(objective.itemCode, event.currentTarget.value as TrainingObjectiveStatus)}
                        />
                      ) : (
                        OBJECTIVE_STATUS_LABELS[status]
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Stack>
    </section>
  );
}
