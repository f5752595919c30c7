import { Button, Group, Modal, Stack, Textarea } from "@mantine/core";
import { useEffect, useState } from "react";
import { FormAlert } from "../components/FormAlert";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
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
  const suspend = useMutationWithErrors(SuspendOrganisationMutation, (data) => data.suspendOrganisation, {
    fields: ["reason"],
    onFieldErrors: (byField) => {
      if (byField.reason) setReasonError(byField.reason);
    },
  });
  const { setGeneral } = suspend;

  useEffect(() => {
    setReason("");
    setReasonError(null);
    setGeneral([]);
  }, [organisation, setGeneral]);

  async function onConfirm() {
    if (!organisation) return;
    if (reason.trim() === "") {
      setReasonError("Indiquez le motif de la suspension.");
      return;
    }
    const outcome = await suspend.run({ id: organisation.id, reason: reason.trim() });
    // Suspended unless refused (an answer without payload counts as suspended).
    if (!outcome.ok && (outcome.payload !== null || outcome.general.length > 0)) return;
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
        <FormAlert messages={[suspend.general.join(" ")]} title="Suspension impossible" />
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
          <Button color="red.9" onClick={() => void onConfirm()} loading={suspend.fetching}>
            Suspendre l’organisme
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
