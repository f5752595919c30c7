import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useEffect, useState } from "react";
import { FormAlert } from "../components/FormAlert";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { AbandonDossierMutation } from "./documents";

/** Abandoning a dossier: a reason is required; a stale revision reloads the dossier. */
export function AbandonDossierModal({
  opened,
  dossier,
  onClose,
  onDone,
  onStale,
}: {
  opened: boolean;
  dossier: { id: string; revision: number };
  onClose: () => void;
  onDone: () => void;
  onStale: () => void;
}) {
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const abandon = useMutationWithErrors(AbandonDossierMutation, (data) => data.abandonDossier, {
    fields: ["reason"],
    // The API names the motive `reason` or, on older paths, `comment`: both belong to the one field.
    fieldNames: { comment: "reason" },
    onFieldErrors: (byField) => setReasonError(byField.reason ?? null),
  });
  const { setGeneral } = abandon;

  useEffect(() => {
    if (opened) {
      setReason("");
      setReasonError(null);
      setGeneral([]);
    }
  }, [opened, setGeneral]);

  async function onConfirm() {
    if (reason.trim() === "") {
      setReasonError("Indiquez la raison de l’abandon.");
      return;
    }
    const outcome = await abandon.run({ id: dossier.id, reason: reason.trim(), revision: dossier.revision });
    if (outcome.ok) {
      onDone();
      return;
    }
    // Someone changed the dossier: reload it so that the next attempt uses its new revision.
    if (outcome.payload?.errors.some((e) => e.code === "STALE_REVISION")) onStale();
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Abandonner le dossier" centered>
      <Stack gap="md">
        <FormAlert messages={abandon.general} title="Abandon impossible" />
        <Text size="sm">Le dossier sera clos ; le motif figure dans l’historique.</Text>
        <Textarea
          label="Motif de l’abandon"
          required
          autosize
          minRows={3}
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setReasonError(null);
          }}
          error={reasonError}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button color="red.9" onClick={() => void onConfirm()} loading={abandon.fetching}>
            Confirmer l’abandon
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
