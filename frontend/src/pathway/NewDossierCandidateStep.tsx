import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import type { FormEvent } from "react";
import { Link } from "react-router";
import { FormAlert } from "../components/FormAlert";
import { hasErrors, type useForm } from "../forms/useForm";
import type { CandidateNameFieldsFragment, Civility } from "../gql/graphql";
import { splitErrors, type PayloadError } from "../graphql/errors";
import { candidateInput, CandidateFields, type useDuplicateConfirmation } from "./CandidateFields";
import { CandidateLookup } from "./CandidateLookup";
import { CANDIDATE_FIELDS, type CandidateValues } from "./candidateValidation";
import { candidateName } from "./labels";

// The new-dossier wizard's first step: the candidate, looked up among the organisation's
// candidates as they are typed (« Utiliser ce candidat »), or a new one. A new candidate is
// only kept in the wizard's state: the last step registers it together with the dossier
// (one transaction), so an abandoned wizard leaves no candidate without a dossier.

/** The wizard's candidate: an existing one chosen (`reused`), or the new one typed (no id yet). */
export type ChosenCandidate = CandidateNameFieldsFragment & { birthDate?: string; reused?: boolean };

type CandidateForm = ReturnType<typeof useForm<CandidateValues>>;
type Duplicates = ReturnType<typeof useDuplicateConfirmation>;

/** The new candidate typed in step 1, as the later steps show it. */
export function typedCandidate(values: CandidateValues): ChosenCandidate {
  return {
    id: "",
    civility: values.civility as Civility,
    birthName: values.birthName,
    usageName: values.usageName,
    firstNames: values.firstNames,
    anonymised: false,
    birthDate: values.birthDate,
  };
}

/** Who the opening (or the interview) is for, as the API takes it. */
export function candidateVariables(
  existing: ChosenCandidate | null,
  values: CandidateValues,
  duplicates: Duplicates,
) {
  if (existing) return { candidateId: existing.id, newCandidate: null };
  return {
    candidateId: null,
    newCandidate: { ...candidateInput(values), confirmNotDuplicate: duplicates.confirmNotDuplicate },
  };
}

const PREFIX = "newCandidate.";

/** The refusal's errors about the new candidate (`newCandidate.<field>`). */
export function isCandidateError(error: PayloadError): boolean {
  return error.field === "newCandidate" || (error.field ?? "").startsWith(PREFIX);
}

/**
 * Takes a refusal's errors about the new candidate back to step 1: next to their fields, a
 * possible duplicate as its warning to confirm, the rest above the form.
 */
export function readCandidateErrors(
  errors: readonly PayloadError[],
  form: CandidateForm,
  duplicates: Duplicates,
): string[] {
  const mine = errors.filter(isCandidateError);
  duplicates.readErrors(mine);
  const split = splitErrors(
    mine
      .filter((error) => error.code !== "POSSIBLE_DUPLICATE")
      .map((error) => ({ ...error, field: error.field?.slice(PREFIX.length) ?? null })),
    CANDIDATE_FIELDS,
  );
  form.setErrors(split.byField);
  return split.general;
}

export function CandidateStep({
  form,
  duplicates,
  general,
  onNext,
  onUse,
}: {
  form: CandidateForm;
  duplicates: Duplicates;
  /** The last refusal's messages about the candidate that name no field. */
  general: string[];
  onNext: () => void;
  onUse: (candidate: ChosenCandidate) => void;
}) {
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (hasErrors(form.validate())) return;
    if (!duplicates.maySubmit()) return;
    onNext();
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Candidat">
      <Stack gap="md">
        <FormAlert messages={general} title="Candidat non enregistré" />
        <CandidateFields form={form} duplicateWarning={duplicates.warning} />
        <CandidateLookup values={form.values} onUse={(found) => onUse({ ...found.candidate, reused: true })} />
        <Text size="sm">
          Un nouveau candidat n’est enregistré qu’à l’ouverture du dossier, à la dernière étape.
        </Text>
        <Group justify="space-between">
          <Button component={Link} to="/dossiers" variant="default">
            Annuler
          </Button>
          <Button type="submit">Suivant</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CandidateChosen({
  candidate,
  onNext,
  onChange,
}: {
  candidate: ChosenCandidate;
  onNext: () => void;
  onChange: () => void;
}) {
  return (
    <Stack gap="md">
      <Alert color="green" variant="light" title="Candidat choisi" role="status">
        <Text size="sm">
          {candidateName(candidate)}, déjà enregistré dans l’organisme, est choisi : aucun nouveau candidat n’est créé.
        </Text>
      </Alert>
      <Group justify="space-between">
        <Button variant="default" onClick={onChange}>
          Choisir un autre candidat
        </Button>
        <Button onClick={onNext}>Suivant</Button>
      </Group>
    </Stack>
  );
}
