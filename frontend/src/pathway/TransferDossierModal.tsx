import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { FormAlert } from "../components/FormAlert";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { TransferDossierMutation } from "./documents";

const FIELDS = ["targetSiret", "reason", "consent"] as const;
type Field = (typeof FIELDS)[number];

/**
 * « Transférer le dossier »: the candidate moves to another accredited
 * organisation, named by its establishment's SIRET. Once done, this
 * organisation no longer sees the dossier: the modal says where it went.
 */
export function TransferDossierModal({
  opened,
  dossier,
  onClose,
  onStale,
}: {
  opened: boolean;
  dossier: { id: string; revision: number };
  onClose: () => void;
  onStale: () => void;
}) {
  const [siret, setSiret] = useState("");
  const [reason, setReason] = useState("");
  const [consent, setConsent] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [done, setDone] = useState<{ organisationName: string; siteName: string } | null>(null);
  const transfer = useMutationWithErrors(TransferDossierMutation, (data) => data.transferDossier, {
    fields: FIELDS,
    onFieldErrors: setFieldErrors,
    succeeded: (payload) => Boolean(payload.transfer),
  });
  const { setGeneral } = transfer;

  useEffect(() => {
    if (opened) {
      setSiret("");
      setReason("");
      setConsent(false);
      setFieldErrors({});
      setGeneral([]);
      setDone(null);
    }
  }, [opened, setGeneral]);

  async function onConfirm() {
    const missing: Partial<Record<Field, string>> = {};
    if (siret.trim() === "") missing.targetSiret = "Indiquez le SIRET de l’établissement d’accueil.";
    if (reason.trim() === "") missing.reason = "Indiquez la raison du transfert.";
    if (!consent) missing.consent = "Le transfert se fait à la demande du candidat : son accord est obligatoire.";
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) return;
    const outcome = await transfer.run({
      id: dossier.id,
      targetSiret: siret.trim(),
      reason: reason.trim(),
      consent,
      revision: dossier.revision,
    });
    if (outcome.ok) {
      setDone(outcome.payload.transfer!);
      return;
    }
    if (outcome.payload?.errors.some((e) => e.code === "STALE_REVISION")) onStale();
  }

  if (done) {
    return (
      <Modal opened={opened} onClose={onClose} title="Transférer le dossier" centered>
        <Stack gap="md">
          <Alert color="green" title="Dossier transféré" role="status">
            Le dossier a été transféré à « {done.organisationName} » ({done.siteName}) avec son historique. Votre
            organisme n’y a plus accès.
          </Alert>
          <Group justify="flex-end">
            <Button component={Link} to="/dossiers">
              Retour aux dossiers
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Transférer le dossier" centered>
      <Stack gap="md">
        <FormAlert messages={[transfer.general.join(" ")]} title="Transfert impossible" />
        <Text size="sm">
          Le candidat poursuit son parcours dans un autre organisme habilité : le dossier y part avec son historique
          (évaluations, plan de formation, documents) et votre organisme n’y aura plus accès.
        </Text>
        <TextInput
          label="SIRET de l’établissement d’accueil"
          description="Voir l’annuaire des organismes habilités."
          required
          value={siret}
          onChange={(event) => setSiret(event.currentTarget.value)}
          error={fieldErrors.targetSiret}
        />
        <Textarea
          label="Motif du transfert"
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={fieldErrors.reason}
        />
        <Checkbox
          label="Le candidat demande ce transfert"
          checked={consent}
          onChange={(event) => setConsent(event.currentTarget.checked)}
          error={fieldErrors.consent}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button onClick={() => void onConfirm()} loading={transfer.fetching}>
            Confirmer le transfert
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
