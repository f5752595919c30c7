import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import type { FormEvent } from "react";
import { Link } from "react-router";
import { FormAlert } from "../components/FormAlert";
import { hasErrors, type useForm } from "../forms/useForm";
import type { CandidateNameFieldsFragment } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { CreateCandidateMutation } from "./candidateDocuments";
import { candidateInput, CandidateFields, useDuplicateConfirmation } from "./CandidateFields";
import { CandidateLookup } from "./CandidateLookup";
import { CANDIDATE_FIELDS, type CandidateValues } from "./candidateValidation";
import { candidateName } from "./labels";

// The new-dossier wizard's first step: the candidate, looked up among the organisation's
// candidates as they are typed (« Utiliser ce candidat »), registered only otherwise.

/** The wizard's candidate: registered by it, or an existing one chosen (`reused`). */
export type ChosenCandidate = CandidateNameFieldsFragment & { birthDate?: string; reused?: boolean };

type CandidateForm = ReturnType<typeof useForm<CandidateValues>>;

export function CandidateStep({
  form,
  onCreated,
  onUse,
}: {
  form: CandidateForm;
  onCreated: (candidate: ChosenCandidate) => void;
  onUse: (candidate: ChosenCandidate) => void;
}) {
  const duplicates = useDuplicateConfirmation(form.values);
  const create = useMutationWithErrors(CreateCandidateMutation, (data) => data.createCandidate, {
    fields: CANDIDATE_FIELDS,
    onFieldErrors: form.setErrors,
    succeeded: (payload) => Boolean(payload.candidate),
    // A possible duplicate has its own warning, to confirm.
    handled: (error) => error.code === "POSSIBLE_DUPLICATE",
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.setGeneral([]);
    if (hasErrors(form.validate())) return;
    if (!duplicates.maySubmit()) return;
    const outcome = await create.run({
      ...candidateInput(form.values),
      confirmNotDuplicate: duplicates.confirmNotDuplicate,
    });
    if (outcome.ok) {
      onCreated({ ...outcome.payload.candidate!, birthDate: form.values.birthDate });
      return;
    }
    if (outcome.payload === null && outcome.general.length > 0) return; // top-level error
    duplicates.readErrors(outcome.payload?.errors ?? []);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Candidat">
      <Stack gap="md">
        <FormAlert messages={create.general} title="Candidat non enregistré" />
        <CandidateFields
          form={form}
          duplicateWarning={duplicates.warning}
        />
        <CandidateLookup
          values={form.values}
          onUse={(found) => onUse({ ...found.candidate, reused: true })}
        />
        <Group justify="space-between">
          <Button component={Link} to="/dossiers" variant="default">
            Annuler
          </Button>
          <Button type="submit" loading={create.fetching}>
            Enregistrer le candidat
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CandidateCreated({ candidate, onNext }: { candidate: ChosenCandidate; onNext: () => void }) {
  return (
    <Stack gap="md">
      {candidate.reused ? (
        <Alert color="green" variant="light" title="Candidat choisi" role="status">
          <Text size="sm">
            {candidateName(candidate)}, déjà enregistré dans l’organisme, est choisi : aucun nouveau candidat n’est créé.
          </Text>
        </Alert>
      ) : (
        <Alert color="green" variant="light" title="Candidat enregistré" role="status">
          <Text size="sm">
            {candidateName(candidate)} est enregistré. Ses informations ne peuvent plus être modifiées dans cet assistant.
          </Text>
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={onNext}>Suivant</Button>
      </Group>
    </Stack>
  );
}
