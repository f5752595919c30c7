import { Alert, Stack, Table, Text, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { formatDay, formatHours } from "../../components/format";
import { TableScroll } from "../../components/TableScroll";
import type { TrainingPlanFieldsFragment } from "../../gql/graphql";
import type { FlatItem } from "../../referentiel/tree";
import { itemLabel, titlesByCode } from "../referentiel";
import { hoursOf, sum } from "./planDraft";
import { ObjectivesProgress } from "./ObjectivesProgress";
import { ProgressForm } from "./ProgressForm";

interface ProgressSectionProps {
  plan: TrainingPlanFieldsFragment;
  items: readonly FlatItem[] | null;
  editable: boolean;
  onRecorded: () => void;
}

/** The training done so far (hours against those planned), and a form to record more. */
export function ProgressSection({ plan, items, editable, onRecorded }: ProgressSectionProps) {
  const titles = useMemo(() => titlesByCode(items), [items]);
  const [recorded, setRecorded] = useState(false);
  const done = sum(plan.progress.map((p) => p.hours));
  const planned = sum(Object.values(hoursOf(plan.hoursByDomain)));
  return (
    <section aria-labelledby="suivi-titre">
      <Stack gap="md">
        <Title order={2} size="h3" id="suivi-titre">
          Suivi de la formation
        </Title>
        <ObjectivesProgress plan={plan} titles={titles} editable={editable} onChanged={onRecorded} />
        <Text fw={600} data-testid="hours-done">
          Heures réalisées : {formatHours(done)}
          {planned > 0 && <> sur {formatHours(planned)} prévues</>}
        </Text>
        {plan.progress.length === 0 ? (
          <Text size="sm">Aucune séance enregistrée.</Text>
        ) : (
          <TableScroll minWidth={600} label="Séances de formation">
            <Table striped withTableBorder data-testid="progress-table">
              <Table.Caption>Séances de formation</Table.Caption>
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
                    <Table.Td>{entry.itemsWorked.map((code) => itemLabel(code, titles)).join(" ; ") || "—"}</Table.Td>
                    <Table.Td>{entry.note || "—"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
        {recorded && (
          <Alert color="green" variant="light" role="status" title="Séance enregistrée">
            <Text size="sm">La séance de formation a été enregistrée.</Text>
          </Alert>
        )}
        {editable && (
          <ProgressForm
            key={plan.progress.length}
            plan={plan}
            titles={titles}
            onRecorded={() => {
              setRecorded(true);
              onRecorded();
            }}
          />
        )}
      </Stack>
    </section>
  );
}
