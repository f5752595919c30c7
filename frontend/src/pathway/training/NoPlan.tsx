import { Button, Stack, Text } from "@mantine/core";
import { FormAlert } from "../../components/FormAlert";
import { useMutationWithErrors } from "../../graphql/useMutationWithErrors";
import { CreateTrainingPlanMutation } from "./documents";

/** No plan yet: who may edit it builds it from the dossier's gaps. */
export function NoPlan({ dossierId, editable, onCreated }: { dossierId: string; editable: boolean; onCreated: () => void }) {
  const createPlan = useMutationWithErrors(CreateTrainingPlanMutation, (data) => data.createTrainingPlan);
  async function onCreate() {
    const outcome = await createPlan.run({ dossierId });
    // Built unless refused with a message (an answer without payload counts as built).
    if (outcome.ok || outcome.general.length === 0) onCreated();
  }
  return (
    <Stack gap="sm" align="flex-start">
      <FormAlert messages={[createPlan.general.join(" ")]} title="Plan non construit" />
      <Text>Aucun plan de formation pour ce dossier.</Text>
      {editable && (
        <Button onClick={() => void onCreate()} loading={createPlan.fetching}>
          Construire le plan de formation
        </Button>
      )}
    </Stack>
  );
}
