import { Badge, Group, Radio, Select, SimpleGrid, Stack, TextInput, Title } from "@mantine/core";
import { useMemo } from "react";
import { useQuery } from "urql";
import { TrainingOrganisationsQuery, TrainingOrganisationTrainersQuery } from "./documents";
import { FINANCING_LABELS, optionsOf } from "../labels";
import { staffName, staffOptions, useStaff } from "../staff";
import type { PlanDraft, PlanErrors } from "./planDraft";
import { DateField } from "../../components/DateField";

interface OrganisationSectionProps {
  draft: PlanDraft;
  errors: PlanErrors;
  editable: boolean;
  certificationCode: string;
  /** The stored plan's label: its organisation, or « … — organisme non habilité ». */
  label: string;
  onChange: (changes: Partial<PlanDraft>) => void;
}

type Mode = "self" | "accredited" | "other";

function modeOf(draft: PlanDraft): Mode {
  if (draft.accreditedOrganisation) return "accredited";
  return draft.otherOrganisation ? "other" : "self";
}

/** An accredited training organisation (directory, scope TRAINING) and one of its trainers. */
function AccreditedOrganisationFields({ draft, errors, certificationCode, onChange }: OrganisationSectionProps) {
  const [organisations] = useQuery({ query: TrainingOrganisationsQuery, variables: { certificationCode } });
  const [trainers] = useQuery({
    query: TrainingOrganisationTrainersQuery,
    variables: { organisationId: draft.trainingOrganisationId, certificationCode },
    pause: !draft.trainingOrganisationId,
  });
  const options = useMemo(() => {
    const seen = new Map<string, string>();
    for (const edge of organisations.data?.evaluatorDirectory.edges ?? []) {
      const node = edge.node;
      if (!seen.has(node.organisationId)) seen.set(node.organisationId, node.organisationName);
    }
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [organisations.data]);
  const people = trainers.data?.trainingOrganisationTrainers ?? [];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <Select
        label="Organisme de formation habilité"
        description="Les organismes habilités à former pour cette certification (annuaire)."
        placeholder={organisations.fetching ? "Chargement des organismes…" : "Choisir un organisme"}
        required
        data={options}
        value={draft.trainingOrganisationId || null}
        onChange={(value) => onChange({ trainingOrganisationId: value ?? "", trainerId: "" })}
        error={
          errors.trainingOrganisationId ??
          (organisations.error ? "Impossible de charger les organismes habilités." : undefined)
        }
        searchable
        nothingFoundMessage="Aucun organisme habilité à ce nom"
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label="Formateur de l’organisme de formation"
        description={
          draft.trainingOrganisationId && !trainers.fetching && people.length === 0
            ? "Aucun formateur inscrit dans cet organisme : indiquez seulement son nom."
            : "Facultatif ; le formateur ne pourra pas évaluer ce candidat."
        }
        placeholder="Choisir un formateur"
        data={people.map((person) => ({ value: person.id, label: person.displayName }))}
        value={draft.trainerId || null}
        onChange={(value) => {
          const name = people.find((person) => person.id === value)?.displayName;
          onChange({ trainerId: value ?? "", ...(name ? { trainerName: name } : {}) });
        }}
        error={errors.trainerId}
        disabled={!draft.trainingOrganisationId}
        clearable
        searchable
        comboboxProps={{ withinPortal: true }}
      />
    </SimpleGrid>
  );
}

/** Who trains (an accredited organisation, this one, or another by free text), when, financed how. */
export function OrganisationSection(props: OrganisationSectionProps) {
  const { draft, errors, editable, label, onChange } = props;
  const mode = modeOf(draft);
  const trainers = useStaff("TRAINER", { pause: !editable || mode !== "self" });
  const other = draft.otherOrganisation || draft.accreditedOrganisation;
  return (
    <section aria-labelledby="organisation-titre">
      <Stack gap="sm">
        <Title order={2} size="h3" id="organisation-titre">
          Organisation de la formation
        </Title>
        {label && (
          <Group gap="xs">
            <span>Organisme de formation enregistré :</span>
            {label.endsWith("organisme non habilité") ? (
              <Badge color="orange.9" variant="light" data-testid="plan-organisation-label">
                {label}
              </Badge>
            ) : (
              <Badge color="teal.9" variant="light" data-testid="plan-organisation-label">
                {label}
              </Badge>
            )}
          </Group>
        )}
        <Radio.Group
          label="Organisme de formation"
          value={mode}
          onChange={(value) =>
            // Another organisation's trainer has no account here; an accredited one's is chosen there.
            onChange(
              value === "accredited"
                ? { accreditedOrganisation: true, otherOrganisation: false, trainerId: "" }
                : value === "other"
                  ? { accreditedOrganisation: false, otherOrganisation: true, trainerId: "" }
                  : { accreditedOrganisation: false, otherOrganisation: false, trainingOrganisationId: "" },
            )
          }
          name="organisme"
        >
          <Group gap="lg" mt={4}>
            <Radio value="accredited" label="Un organisme habilité à former" />
            <Radio value="self" label="Cet organisme" />
            <Radio value="other" label="Un autre organisme (non habilité)" />
          </Group>
        </Radio.Group>
        {mode === "accredited" && <AccreditedOrganisationFields {...props} />}
        {mode === "other" && (
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
          <DateField
            label="Début de la formation"
            value={draft.startsOn}
            onChange={(value) => onChange({ startsOn: value })}
            error={errors.startsOn}
          />
          <DateField
            label="Fin de la formation"
            value={draft.endsOn}
            onChange={(value) => onChange({ endsOn: value })}
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
