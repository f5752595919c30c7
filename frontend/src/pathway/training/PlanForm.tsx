import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useMemo, useState, type FormEvent } from "react";
import { FormAlert } from "../../components/FormAlert";
import type { TrainingPlanFieldsFragment } from "../../gql/graphql";
import { useUnsavedChanges } from "../../forms/useUnsavedChanges";
import { useMutationWithErrors } from "../../graphql/useMutationWithErrors";
import type { FlatItem } from "../../referentiel/tree";
import { UpdateTrainingPlanMutation } from "./documents";
import { titlesByCode } from "../referentiel";
import { HoursSection } from "./HoursSection";
import { ObjectivesSection } from "./ObjectivesSection";
import { OrganisationSection } from "./OrganisationSection";
import {
  draftOf,
  PLAN_FIELDS,
  planVariables,
  trainedDomains,
  validateDraft,
  type PlanDossier,
  type PlanDraft,
  type PlanErrors,
} from "./planDraft";

interface PlanFormProps {
  plan: TrainingPlanFieldsFragment;
  dossier: PlanDossier;
  items: readonly FlatItem[] | null;
  editable: boolean;
  onSaved: () => void;
  onEdited: () => void;
  onReload: () => void;
}

/** `updateTrainingPlan`: objectives, hours, organisation, from the revision loaded. */
export function PlanForm({ plan, dossier, items, editable, onSaved, onEdited, onReload }: PlanFormProps) {
  const titles = useMemo(() => titlesByCode(items), [items]);
  const order = useMemo(() => new Map((items ?? []).map((item, index) => [item.code, index])), [items]);
  const leaves = useMemo(() => (items ?? []).filter((item) => item.isLeaf), [items]);
  const domains = useMemo(() => (items ?? []).filter((item) => item.depth === 1), [items]);
  const byOrder = (a: string, b: string) =>
    (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER) || a.localeCompare(b);

  const [draft, setDraft] = useState<PlanDraft>(() => draftOf(plan, dossier, byOrder));
  const [dirty, setDirty] = useState(false);
  useUnsavedChanges(dirty && editable);
  const trained = useMemo(() => trainedDomains(items ?? [], draft.objectives), [items, draft.objectives]);
  const [errors, setErrors] = useState<PlanErrors>({});
  const [stale, setStale] = useState<string | null>(null);
  const update = useMutationWithErrors(UpdateTrainingPlanMutation, (data) => data.updateTrainingPlan, {
    fields: PLAN_FIELDS,
    onFieldErrors: setErrors,
    // A stale revision has its own banner.
    handled: (error) => error.code === "STALE_REVISION",
  });

  const change = (changes: Partial<PlanDraft>) => {
    setDraft((current) => ({ ...current, ...changes }));
    setDirty(true);
    onEdited();
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    update.setGeneral([]);
    setStale(null);
    const found = validateDraft(draft, dossier.windowEndsOn);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const outcome = await update.run(planVariables(plan, draft, items ? trained : undefined));
    if (outcome.ok) {
      setDirty(false);
      onSaved();
      return;
    }
    const staleError = outcome.payload?.errors.find((e) => e.code === "STALE_REVISION");
    if (staleError) setStale(staleError.message);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Plan de formation">
      <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="lg">
          {stale && (
            <Alert color="red" variant="light" role="alert" title="Plan modifié entre-temps" data-testid="plan-stale">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{stale}</Text>
                <Button color="red.9" onClick={onReload}>
                  Recharger le plan (vos modifications seront perdues)
                </Button>
              </Stack>
            </Alert>
          )}
          <FormAlert messages={update.general} title="Plan non enregistré" />
          <ObjectivesSection
            objectives={draft.objectives}
            leaves={leaves}
            titles={titles}
            editable={editable}
            error={errors.objectives}
            byOrder={byOrder}
            onChange={(objectives, added) => {
              change({ objectives });
              if (added) setErrors((current) => ({ ...current, objectives: undefined }));
            }}
          />
          <HoursSection
            domains={domains.filter((domain) => trained.has(domain.code))}
            hours={draft.hours}
            error={errors.hoursByDomain}
            onChange={(hours) => change({ hours })}
          />
          <OrganisationSection
            draft={draft}
            errors={errors}
            editable={editable}
            certificationCode={dossier.certificationCode}
            label={plan.trainingOrganisationLabel}
            onChange={change}
          />
          {editable && (
            <Group>
              <Button type="submit" loading={update.fetching}>
                Enregistrer le plan
              </Button>
              {dirty && (
                <Text size="sm" fw={600} data-testid="plan-unsaved" role="status">
                  Modifications non enregistrées
                </Text>
              )}
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}
