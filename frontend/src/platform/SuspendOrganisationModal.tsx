import { Button, Group, Modal, Stack, Textarea } from "@mantine/core";
import { useEffect, useState } from "react";
import { useMutation } from "urql";
import { FormAlert } from "../components/FormAlert";
import { useOperationErrors } from "../graphql/useOperationErrors";
import { SuspendOrganisationMutation } from "./documents";

interface SuspendOrganisationModalProps {
  organisation: { id: string; name: string } | null;
  onClose: () => void;
  onDone: () => void;
}

/** Suspension with a mandatory reason (recorded in the audit log). */
export function SuspendOrganisationModal({ organisation, onClose, onDone }: SuspendOrganisationModalProps) {
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [{ fetching }, suspend] = useMutation(SuspendOrganisationMutation);
  const handleErrors = useOperationErrors();

  useEffect(() => {
    setReason("");
    setReasonError(null);
    setGeneral(null);
  }, [organisation]);

  async function onConfirm() {
    if (!organisation) return;
    if (reason.trim() === "") {
      setReasonError("Indiquez le motif de la suspension.");
      return;
    }
    const result = await suspend({ id: organisation.id, reason: reason.trim() });
    const topLevel = handleErrors(result.error);
    const errors = result.data?.suspendOrganisation.errors ?? [];
    if (topLevel || errors.length > 0) {
      const onReason = errors.find((e) => e.field === "reason");
      if (onReason) setReasonError(onReason.message);
      setGeneral(topLevel ?? (errors.filter((e) => e.field !== "reason").map((e) => e.message).join(" ") || null));
      return;
    }
    onDone();
    onClose();
  }

  return (
    <Modal
      opened={organisation !== null}
      onClose={onClose}
      title={organisation ? `Suspendre ${organisation.name}` : "Suspendre"}
      centered
    >
      <Stack gap="md">
        <FormAlert messages={[general]} title="Suspension impossible" />
        <Textarea
          label="Motif de la suspension"
          description="Les membres ne pourront plus se connecter à cet organisme."
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setReasonError(null);
          }}
          error={reasonError}
          required
          rows={3}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button color="red.9" onClick={() => void onConfirm()} loading={fetching}>
            Suspendre l’organisme
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
