import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { FormAlert } from "../components/FormAlert";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { hasErrors, useForm } from "../forms/useForm";
import type { CandidateDetailsQuery } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { candidateInput, CandidateFields, useDuplicateConfirmation } from "./CandidateFields";
import { CANDIDATE_FIELDS, CANDIDATE_VALIDATORS, type CandidateValues } from "./candidateValidation";
import { CandidateDetailsQuery as DetailsQuery, UpdateCandidateMutation } from "./candidateDocuments";

type Candidate = Extract<CandidateDetailsQuery["candidate"], { __typename: "Candidate" }>;

/** The form's values from the stored candidate. */
export function candidateValues(candidate: Candidate): CandidateValues {
  return {
    civility: candidate.civility,
    birthName: candidate.birthName,
    usageName: candidate.usageName,
    firstNames: candidate.firstNames,
    birthDate: candidate.birthDate,
    bornAbroad: candidate.bornAbroad,
    birthCountry: candidate.birthCountry,
    birthCity: candidate.birthCity,
    birthPostalCode: candidate.birthPostalCode,
    email: candidate.email,
    phone: candidate.phone,
    addressLine: candidate.addressLine,
    postalCode: candidate.postalCode,
    city: candidate.city,
    statusAtRegistration: candidate.statusAtRegistration,
    educationLevel: candidate.educationLevel,
    professionalProject: candidate.professionalProject,
    professionalSector: candidate.professionalSector ?? "",
  };
}

interface CandidateEditModalProps {
  opened: boolean;
  candidateId: string;
  onClose: () => void;
  onSaved: () => void;
}

/** `updateCandidate`: the candidate's fiche, corrected from the revision loaded here. */
export function CandidateEditModal({ opened, candidateId, onClose, onSaved }: CandidateEditModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Modifier le candidat" size="xl" centered>
      {opened && <CandidateEditLoader candidateId={candidateId} onCancel={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function CandidateEditLoader({
  candidateId,
  onCancel,
  onSaved,
}: {
  candidateId: string;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DetailsQuery,
    variables: { id: candidateId },
    requestPolicy: "network-only",
  });
  const reload = () => reexecute({ requestPolicy: "network-only" });
  if (fetching && !data) return <LoadingState label="Chargement du candidat…" skeletons={3} />;
  if (error && !data) {
    return <OperationError message="Impossible de charger le candidat." error={error} onRetry={reload} />;
  }
  const answer = data?.candidate;
  const candidate = answer?.__typename === "Candidate" ? answer : null;
  if (!candidate || candidate.anonymised) {
    return (
      <Alert color="red" variant="light" title="Modification impossible" role="alert">
        <Text size="sm">
          {candidate
            ? "Ce candidat est anonymisé : ses données ne peuvent plus être modifiées."
            : answer?.__typename === "NotFound"
              ? answer.message
              : "Candidat introuvable."}
        </Text>
      </Alert>
    );
  }
  // A new revision (after a reload) starts a fresh form.
  return (
    <CandidateEditForm
      key={`${candidate.id}-${candidate.revision}`}
      candidate={candidate}
      reloading={fetching}
      onReload={reload}
      onCancel={onCancel}
      onSaved={onSaved}
    />
  );
}

function CandidateEditForm({
  candidate,
  reloading,
  onReload,
  onCancel,
  onSaved,
}: {
  candidate: Candidate;
  reloading: boolean;
  onReload: () => void;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const [initial] = useState(() => candidateValues(candidate));
  const form = useForm<CandidateValues>(initial, CANDIDATE_VALIDATORS);
  const [stale, setStale] = useState<string | null>(null);
  const duplicates = useDuplicateConfirmation(form.values);
  const update = useMutationWithErrors(UpdateCandidateMutation, (data) => data.updateCandidate, {
    fields: CANDIDATE_FIELDS,
    onFieldErrors: form.setErrors,
    succeeded: (payload) => Boolean(payload.candidate),
    // A stale revision and a possible duplicate have their own banners.
    handled: (error) => error.code === "POSSIBLE_DUPLICATE" || error.code === "STALE_REVISION",
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    update.setGeneral([]);
    if (hasErrors(form.validate())) return;
    if (!duplicates.maySubmit()) return;
    const outcome = await update.run({
      id: candidate.id,
      revision: candidate.revision,
      ...candidateInput(form.values),
      confirmNotDuplicate: duplicates.confirmNotDuplicate,
    });
    if (outcome.ok) {
      onSaved();
      return;
    }
    if (outcome.general.length > 0 && outcome.payload === null) return; // top-level error
    const errors = outcome.payload?.errors ?? [];
    const staleError = errors.find((error) => error.code === "STALE_REVISION");
    if (staleError) setStale(staleError.message);
    duplicates.readErrors(errors);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Modifier le candidat">
      <Stack gap="md">
        {stale && (
          <Alert color="red" variant="light" title="Fiche modifiée entre-temps" role="alert" data-testid="candidate-stale">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{stale}</Text>
              <Text size="sm">Rechargez la fiche : vos saisies seront remplacées par la version enregistrée.</Text>
              <Button size="compact-sm" color="red.9" onClick={onReload} loading={reloading}>
                Recharger la fiche
              </Button>
            </Stack>
          </Alert>
        )}
        <FormAlert messages={update.general} title="Candidat non modifié" />
        <CandidateFields
          form={form}
          duplicateWarning={duplicates.warning}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Annuler
          </Button>
          <Button type="submit" loading={update.fetching}>
            Enregistrer les modifications
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
