import { Group, Radio, Select, SimpleGrid, Stack, TextInput, Title } from "@mantine/core";
import { FINANCING_LABELS, optionsOf } from "../labels";
import { staffName, staffOptions, useStaff } from "../staff";
import type { PlanDraft, PlanErrors } from "./planDraft";

interface OrganisationSectionProps {
  draft: PlanDraft;
  errors: PlanErrors;
  editable: boolean;
  onChange: (changes: Partial<PlanDraft>) => void;
}

/** Who trains (this organisation's trainer, or another organisation), when, financed how. */
export function OrganisationSection({ draft, errors, editable, onChange }: OrganisationSectionProps) {
  const trainers = useStaff("TRAINER", { pause: !editable });
  const other = draft.otherOrganisation;
  return (
    <section aria-labelledby="organisation-titre">
      <Stack gap="sm">
        <Title order={2} size="h3" id="organisation-titre">
          Organisation de la formation
        </Title>
        <Radio.Group
          label="Organisme de formation"
          value={other ? "other" : "self"}
          onChange={(value) =>
            // Another organisation's trainer has no account here.
            onChange(value === "other" ? { otherOrganisation: true, trainerId: "" } : { otherOrganisation: false })
          }
          name="organisme"
        >
          <Group gap="lg" mt={4}>
            <Radio value="self" label="Cet organisme" />
            <Radio value="other" label="Un autre organisme" />
          </Group>
        </Radio.Group>
        {other && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="SIRET de l’organisme de formation"
              inputMode="numeric"
              required
              value={draft.trainingSiret}
              onChange={(event) => onChange({ trainingSiret: event.currentTarget.value })}
              error={errors.trainingSiret}
            />
            <TextInput
              label="Nom de l’organisme de formation"
              required
              value={draft.trainingOrganisationName}
              onChange={(event) => onChange({ trainingOrganisationName: event.currentTarget.value })}
              error={errors.trainingOrganisationName}
            />
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {!other && editable && (
            <Select
              label="Formateur de l’organisme"
              description={
                !trainers.fetching && !trainers.error && trainers.staff.length === 0
                  ? "Aucun formateur dans l’organisme : indiquez seulement son nom."
                  : "Facultatif ; le formateur ne pourra pas évaluer ce candidat."
              }
              placeholder={trainers.fetching ? "Chargement des formateurs…" : "Choisir un formateur"}
              data={staffOptions(trainers.staff, { current: draft.trainerId })}
              value={draft.trainerId || null}
              onChange={(value) => {
                const name = value ? staffName(trainers.staff, value) : null;
                onChange({ trainerId: value ?? "", ...(name ? { trainerName: name } : {}) });
              }}
              error={errors.trainerId ?? (trainers.error ? "Impossible de charger la liste des formateurs." : undefined)}
              clearable
              searchable
              nothingFoundMessage="Aucun formateur à ce nom"
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <TextInput
            label="Nom du formateur"
            description={other || !editable ? undefined : "Sans compte ici : indiquez seulement son nom."}
            value={draft.trainerName}
            onChange={(event) => onChange({ trainerName: event.currentTarget.value })}
          />
          <TextInput
            label="Début de la formation"
            type="date"
            value={draft.startsOn}
            onChange={(event) => onChange({ startsOn: event.currentTarget.value })}
            error={errors.startsOn}
          />
          <TextInput
            label="Fin de la formation"
            type="date"
            value={draft.endsOn}
            onChange={(event) => onChange({ endsOn: event.currentTarget.value })}
            error={errors.endsOn}
          />
          <Select
            label="Financement de la formation"
            data={optionsOf(FINANCING_LABELS)}
            value={draft.financing || null}
            onChange={(value) => onChange({ financing: value ?? "" })}
            error={errors.financing}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
      </Stack>
    </section>
  );
}
