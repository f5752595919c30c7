import { Button, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "urql";
import { FormAlert } from "../../components/FormAlert";
import { useOperationErrors } from "../../graphql/useOperationErrors";
import { CreateTrainingPlanMutation } from "../documents";

/** No plan yet: who may edit it builds it from the dossier's gaps. */
export function NoPlan({ dossierId, editable, onCreated }: { dossierId: string; editable: boolean; onCreated: () => void }) {
  const [{ fetching }, createPlan] = useMutation(CreateTrainingPlanMutation);
  const handleErrors = useOperationErrors();
  const [failure, setFailure] = useState<string | null>(null);
  async function onCreate() {
    setFailure(null);
    const result = await createPlan({ dossierId });
    const message =
      handleErrors(result.error) ?? result.data?.createTrainingPlan.errors.map((e) => e.message).join(" ");
    if (message) setFailure(message);
    else onCreated();
  }
  return (
    <Stack gap="sm" align="flex-start">
      <FormAlert messages={[failure]} title="Plan non construit" />
      <Text>Aucun plan de formation pour ce dossier.</Text>
      {editable && (
        <Button onClick={() => void onCreate()} loading={fetching}>
          Construire le plan de formation
        </Button>
      )}
    </Stack>
  );
}
