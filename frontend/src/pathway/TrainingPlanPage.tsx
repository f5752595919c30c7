import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useMemo, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { useViewer } from "../auth/session";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { formatDay, formatHours, todayIso } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import { stripSpaces, validateSiret } from "../forms/validation";
import type { TrainingPlanFieldsFragment, TrainingPlanQuery as TrainingPlanData } from "../gql/graphql";
import { splitErrors } from "../graphql/errors";
import { useOperationErrors } from "../graphql/useOperationErrors";
import type { FlatItem } from "../referentiel/tree";
import {
  CreateTrainingPlanMutation,
  PathwayReferentielQuery,
  RecordTrainingProgressMutation,
  TrainingPlanQuery,
  UpdateTrainingPlanMutation,
} from "./documents";
import { candidateName, FINANCING_LABELS, optionsOf } from "./labels";
import { canEditTrainingPlan } from "./permissions";
import { itemLabel, titlesByCode } from "./referentiel";
import { staffName, staffOptions, useStaff } from "./staff";
import { StatusBadge } from "./StatusBadge";

type Dossier = NonNullable<TrainingPlanData["dossier"]>;

/** Planned hours per domain from the JSON field (numbers only). */
export function hoursOf(json: unknown): Record<string, number> {
  const hours: Record<string, number> = {};
  if (json && typeof json === "object") {
    for (const [code, value] of Object.entries(json as Record<string, unknown>)) {
      const n = typeof value === "number" ? value : Number(value);
      if (Number.isFinite(n)) hours[code] = n;
    }
  }
  return hours;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** `/dossiers/:id/plan`: the individual training plan, and the training done. */
export function TrainingPlanPage() {
  const { id = "" } = useParams();
  const { viewer } = useViewer();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TrainingPlanQuery,
    variables: { id },
    requestPolicy: "cache-and-network",
  });
  const dossier = data?.dossier ?? null;
  const code = dossier?.certificationCode ?? "";
  const [{ data: referentielData }] = useQuery({
    query: PathwayReferentielQuery,
    variables: { code },
    pause: !code,
  });
  const referentiel = referentielData?.referentiel;
  const items = referentiel?.__typename === "ReferentielVersion" ? referentiel.items : null;
  const name = dossier ? candidateName(dossier.candidate) : "Dossier";
  useDocumentTitle(pageTitle(`Plan de formation · ${name}`));
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const [saved, setSaved] = useState(false);

  if (fetching && !data) return <LoadingState label="Chargement du plan de formation…" skeletons={3} />;
  if (error && !data) {
    return <OperationError message="Impossible de charger le plan de formation." error={error} onRetry={refetch} />;
  }
  if (!dossier) {
    return (
      <Stack gap="md">
        <Title order={1}>Dossier introuvable</Title>
        <Anchor component={Link} to="/dossiers">
          Retour aux dossiers
        </Anchor>
      </Stack>
    );
  }
  const editable = canEditTrainingPlan(viewer) && dossier.status === "TRAINING";
  const plan = dossier.trainingPlan;

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Breadcrumbs component="nav" aria-label="Fil d’Ariane" separator="›">
          <Anchor component={Link} to="/dossiers">
            Dossiers
          </Anchor>
          <Anchor component={Link} to={`/dossiers/${dossier.id}`}>
            {name}
          </Anchor>
          <Text span aria-current="page">
            Plan de formation
          </Text>
        </Breadcrumbs>
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={1}>Plan de formation</Title>
            <Text mt={4}>
              Candidat : <strong>{name}</strong>
              {dossier.windowEndsOn && <> · à terminer avant le {formatDay(dossier.windowEndsOn)}</>}
            </Text>
          </div>
          <StatusBadge status={dossier.status} size="lg" />
        </Group>
        {!editable && plan && (
          <Alert color="blue" variant="light" title="Lecture seule">
            <Text size="sm">
              {dossier.status === "TRAINING"
                ? "Seuls les formateurs, conseillers et administrateurs modifient le plan."
                : "Le dossier n’est plus en formation : le plan ne se modifie plus."}
            </Text>
          </Alert>
        )}
      </Stack>

      {!plan ? (
        <NoPlan dossier={dossier} editable={editable} onCreated={refetch} />
      ) : (
        <>
          {saved && (
            <Alert color="green" variant="light" role="status" title="Plan enregistré">
              <Text size="sm">Le plan de formation a été enregistré.</Text>
            </Alert>
          )}
          <PlanForm
            key={`${plan.id}-${plan.revision}`}
            plan={plan}
            dossier={dossier}
            items={items}
            editable={editable}
            onSaved={() => {
              setSaved(true);
              refetch();
            }}
            onEdited={() => setSaved(false)}
            onReload={refetch}
          />
          <ProgressSection plan={plan} items={items} editable={editable} onRecorded={refetch} />
        </>
      )}
    </Stack>
  );
}

function NoPlan({ dossier, editable, onCreated }: { dossier: Dossier; editable: boolean; onCreated: () => void }) {
  const [{ fetching }, createPlan] = useMutation(CreateTrainingPlanMutation);
  const handleErrors = useOperationErrors();
  const [failure, setFailure] = useState<string | null>(null);
  async function onCreate() {
    setFailure(null);
    const result = await createPlan({ dossierId: dossier.id });
    const message =
      handleErrors(result.error) ?? result.data?.createTrainingPlan.errors.map((e) => e.message).join(" ");
    if (message) setFailure(message);
    else onCreated();
  }
  return (
    <Stack gap="sm" align="flex-start">
      <FormAlert messages={[failure]} title="Plan non construit" />
      <Text>Aucun plan de formation pour ce dossier.</Text>
      {editable && (
        <Button onClick={() => void onCreate()} loading={fetching}>
          Construire le plan de formation
        </Button>
      )}
    </Stack>
  );
}

interface PlanFormProps {
  plan: TrainingPlanFieldsFragment;
  dossier: Dossier;
  items: readonly FlatItem[] | null;
  editable: boolean;
  onSaved: () => void;
  onEdited: () => void;
  onReload: () => void;
}

interface PlanErrors {
  objectives?: string;
  hoursByDomain?: string;
  trainingSiret?: string;
  trainingOrganisationName?: string;
  startsOn?: string;
  endsOn?: string;
  trainerId?: string;
  financing?: string;
}

const PLAN_FIELDS = [
  "objectives",
  "hoursByDomain",
  "trainingSiret",
  "trainingOrganisationName",
  "startsOn",
  "endsOn",
  "trainerId",
  "financing",
] as const;

function PlanForm({ plan, dossier, items, editable, onSaved, onEdited, onReload }: PlanFormProps) {
  const titles = useMemo(() => titlesByCode(items), [items]);
  const order = useMemo(() => new Map((items ?? []).map((item, index) => [item.code, index])), [items]);
  const leaves = useMemo(() => (items ?? []).filter((item) => item.isLeaf), [items]);
  const domains = useMemo(() => (items ?? []).filter((item) => item.depth === 1), [items]);
  const byOrder = (a: string, b: string) =>
    (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER) || a.localeCompare(b);

  const [objectives, setObjectives] = useState(() =>
    [...plan.objectives].sort((a, b) => byOrder(a.itemCode, b.itemCode)).map((o) => ({ ...o })),
  );
  const [hours, setHours] = useState<Record<string, number | "">>(() => hoursOf(plan.hoursByDomain));
  const [otherOrganisation, setOtherOrganisation] = useState(plan.trainingSiret !== "");
  const [trainingSiret, setTrainingSiret] = useState(plan.trainingSiret);
  const [trainingOrganisationName, setTrainingOrganisationName] = useState(plan.trainingOrganisationName);
  const [trainerName, setTrainerName] = useState(plan.trainerName);
  const [trainerId, setTrainerId] = useState(plan.trainerId ?? "");
  const trainers = useStaff("TRAINER", { pause: !editable });
  const [startsOn, setStartsOn] = useState(plan.startsOn ?? "");
  const [endsOn, setEndsOn] = useState(plan.endsOn ?? "");
  const [financing, setFinancing] = useState(plan.financing || dossier.financing);
  const [adding, setAdding] = useState<string | null>(null);
  const [errors, setErrors] = useState<PlanErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [stale, setStale] = useState<string | null>(null);
  const [{ fetching }, update] = useMutation(UpdateTrainingPlanMutation);
  const handleErrors = useOperationErrors();

  const edited = <T,>(setter: (value: T) => void) => (value: T) => {
    setter(value);
    onEdited();
  };

  const chosen = new Set(objectives.map((o) => o.itemCode));
  const addable = leaves.filter((leaf) => !chosen.has(leaf.code));
  const totalHours = sum(Object.values(hours).map((h) => (typeof h === "number" ? h : 0)));

  function addItem() {
    if (!adding) return;
    const title = titles.get(adding) ?? adding;
    setObjectives((current) =>
      [...current, { itemCode: adding, objective: `Acquérir : ${title}` }].sort((a, b) =>
        byOrder(a.itemCode, b.itemCode),
      ),
    );
    setAdding(null);
    setErrors((e) => ({ ...e, objectives: undefined }));
    onEdited();
  }

  function validate(): PlanErrors {
    const found: PlanErrors = {};
    if (objectives.length === 0) found.objectives = "Le plan doit viser au moins un item.";
    if (Object.values(hours).some((h) => typeof h === "number" && (h < 0 || h > 2000))) {
      found.hoursByDomain = "Les heures prévues par domaine vont de 0 à 2 000.";
    }
    if (otherOrganisation) {
      const siret = validateSiret(trainingSiret);
      if (siret) found.trainingSiret = siret;
      if (!trainingOrganisationName.trim()) {
        found.trainingOrganisationName = "Indiquez le nom de l’organisme de formation.";
      }
    }
    if (startsOn && endsOn && endsOn < startsOn) {
      found.endsOn = "La date de fin de formation doit suivre la date de début.";
    } else if (endsOn && dossier.windowEndsOn && endsOn > dossier.windowEndsOn) {
      found.endsOn = `La formation doit finir avant la fin du délai du dossier (${formatDay(dossier.windowEndsOn)}).`;
    }
    return found;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setGeneral([]);
    setStale(null);
    const found = validate();
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const hoursByDomain: Record<string, number> = {};
    for (const [domain, value] of Object.entries(hours)) {
      if (typeof value === "number") hoursByDomain[domain] = value;
    }
    const result = await update({
      planId: plan.id,
      revision: plan.revision,
      objectives: objectives.map((o) => ({ itemCode: o.itemCode, objective: o.objective.trim() })),
      hoursByDomain,
      trainerId: otherOrganisation ? null : trainerId || null,
      trainerName: trainerName.trim(),
      trainingSiret: otherOrganisation ? stripSpaces(trainingSiret) : "",
      trainingOrganisationName: otherOrganisation ? trainingOrganisationName.trim() : "",
      startsOn: startsOn || null,
      endsOn: endsOn || null,
      financing,
    });
    const topLevel = handleErrors(result.error);
    if (topLevel) {
      setGeneral([topLevel]);
      return;
    }
    const payload = result.data?.updateTrainingPlan;
    if (payload && payload.errors.length === 0) {
      onSaved();
      return;
    }
    const staleError = payload?.errors.find((e) => e.code === "STALE_REVISION");
    if (staleError) setStale(staleError.message);
    const { byField, general: messages } = splitErrors(
      payload?.errors.filter((e) => e.code !== "STALE_REVISION"),
      PLAN_FIELDS,
    );
    setErrors(byField);
    setGeneral(messages);
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
          <FormAlert messages={general} title="Plan non enregistré" />

          <section aria-labelledby="objectifs-titre">
            <Stack gap="sm">
              <Title order={2} size="h3" id="objectifs-titre">
                Objectifs pédagogiques
              </Title>
              {errors.objectives && (
                <Text c="red.9" size="sm" role="alert">
                  {errors.objectives}
                </Text>
              )}
              {objectives.length === 0 && <Text size="sm">Aucun item visé.</Text>}
              {objectives.map((objective, index) => (
                <Group key={objective.itemCode} align="flex-end" gap="sm" wrap="nowrap" data-objective={objective.itemCode}>
                  <Textarea
                    style={{ flex: 1 }}
                    label={itemLabel(objective.itemCode, titles)}
                    description="Objectif pédagogique"
                    autosize
                    minRows={2}
                    value={objective.objective}
                    onChange={(event) => {
                      const text = event.currentTarget.value;
                      setObjectives((current) =>
                        current.map((o, i) => (i === index ? { ...o, objective: text } : o)),
                      );
                      onEdited();
                    }}
                  />
                  {editable && (
                    <Button
                      variant="default"
                      onClick={() => {
                        setObjectives((current) => current.filter((o) => o.itemCode !== objective.itemCode));
                        onEdited();
                      }}
                    >
                      Retirer{" "}<VisuallyHidden>l’item {objective.itemCode}</VisuallyHidden>
                    </Button>
                  )}
                </Group>
              ))}
              {editable && (
                <Group align="flex-end" gap="sm">
                  <Select
                    style={{ flex: 1, minWidth: "16rem" }}
                    label="Ajouter un item"
                    placeholder="Choisir un item du référentiel"
                    data={addable.map((leaf) => ({ value: leaf.code, label: `${leaf.code} ${leaf.title}` }))}
                    value={adding}
                    onChange={setAdding}
                    searchable
                    nothingFoundMessage="Aucun item"
                    comboboxProps={{ withinPortal: true }}
                  />
                  <Button variant="default" onClick={addItem} disabled={!adding}>
                    Ajouter l’item
                  </Button>
                </Group>
              )}
            </Stack>
          </section>

          <section aria-labelledby="heures-titre">
            <Stack gap="sm">
              <Title order={2} size="h3" id="heures-titre">
                Heures prévues par domaine
              </Title>
              {errors.hoursByDomain && (
                <Text c="red.9" size="sm" role="alert">
                  {errors.hoursByDomain}
                </Text>
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {domains.map((domain) => (
                  <NumberInput
                    key={domain.code}
                    label={`Heures — ${domain.code} ${domain.title}`}
                    min={0}
                    max={2000}
                    step={1}
                    decimalScale={2}
                    decimalSeparator=","
                    allowNegative={false}
                    value={hours[domain.code] ?? ""}
                    onChange={(value) => {
                      setHours((current) => ({
                        ...current,
                        [domain.code]: typeof value === "number" ? value : value === "" ? "" : Number(value),
                      }));
                      onEdited();
                    }}
                  />
                ))}
              </SimpleGrid>
              <Text fw={600} data-testid="planned-hours">
                Total prévu : {formatHours(totalHours)}
              </Text>
            </Stack>
          </section>

          <section aria-labelledby="organisation-titre">
            <Stack gap="sm">
              <Title order={2} size="h3" id="organisation-titre">
                Organisation de la formation
              </Title>
              <Radio.Group
                label="Organisme de formation"
                value={otherOrganisation ? "other" : "self"}
                onChange={(value) => {
                  edited(setOtherOrganisation)(value === "other");
                  if (value === "other") setTrainerId("");
                }}
                name="organisme"
              >
                <Group gap="lg" mt={4}>
                  <Radio value="self" label="Cet organisme" />
                  <Radio value="other" label="Un autre organisme" />
                </Group>
              </Radio.Group>
              {otherOrganisation && (
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <TextInput
                    label="SIRET de l’organisme de formation"
                    inputMode="numeric"
                    required
                    value={trainingSiret}
                    onChange={(event) => edited(setTrainingSiret)(event.currentTarget.value)}
                    error={errors.trainingSiret}
                  />
                  <TextInput
                    label="Nom de l’organisme de formation"
                    required
                    value={trainingOrganisationName}
                    onChange={(event) => edited(setTrainingOrganisationName)(event.currentTarget.value)}
                    error={errors.trainingOrganisationName}
                  />
                </SimpleGrid>
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {!otherOrganisation && editable && (
                  <Select
                    label="Formateur de l’organisme"
                    description={
                      !trainers.fetching && !trainers.error && trainers.staff.length === 0
                        ? "Aucun formateur dans l’organisme : indiquez seulement son nom."
                        : "Facultatif ; le formateur ne pourra pas évaluer ce candidat."
                    }
                    placeholder={trainers.fetching ? "Chargement des formateurs…" : "Choisir un formateur"}
                    data={staffOptions(trainers.staff, { current: trainerId })}
                    value={trainerId || null}
                    onChange={(value) => {
                      edited(setTrainerId)(value ?? "");
                      const name = value ? staffName(trainers.staff, value) : null;
                      if (name) setTrainerName(name);
                    }}
                    error={
                      errors.trainerId ??
                      (trainers.error ? "Impossible de charger la liste des formateurs." : undefined)
                    }
                    clearable
                    searchable
                    nothingFoundMessage="Aucun formateur à ce nom"
                    comboboxProps={{ withinPortal: true }}
                  />
                )}
                <TextInput
                  label="Nom du formateur"
                  description={
                    otherOrganisation || !editable ? undefined : "Sans compte ici : indiquez seulement son nom."
                  }
                  value={trainerName}
                  onChange={(event) => edited(setTrainerName)(event.currentTarget.value)}
                />
                <TextInput
                  label="Début de la formation"
                  type="date"
                  value={startsOn}
                  onChange={(event) => edited(setStartsOn)(event.currentTarget.value)}
                  error={errors.startsOn}
                />
                <TextInput
                  label="Fin de la formation"
                  type="date"
                  value={endsOn}
                  onChange={(event) => edited(setEndsOn)(event.currentTarget.value)}
                  error={errors.endsOn}
                />
                <Select
                  label="Financement de la formation"
                  data={optionsOf(FINANCING_LABELS)}
                  value={financing || null}
                  onChange={(value) => edited(setFinancing)(value ?? "")}
                  error={errors.financing}
                  comboboxProps={{ withinPortal: true }}
                />
              </SimpleGrid>
            </Stack>
          </section>

          {editable && (
            <Group>
              <Button type="submit" loading={fetching}>
                Enregistrer le plan
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}

function ProgressSection({
  plan,
  items,
  editable,
  onRecorded,
}: {
  plan: TrainingPlanFieldsFragment;
  items: readonly FlatItem[] | null;
  editable: boolean;
  onRecorded: () => void;
}) {
  const titles = useMemo(() => titlesByCode(items), [items]);
  const [recorded, setRecorded] = useState(false);
  const done = sum(plan.progress.map((p) => p.hours));
  const planned = sum(Object.values(hoursOf(plan.hoursByDomain)));
  return (
    <section aria-labelledby="suivi-titre">
      <Stack gap="md">
        <Title order={2} size="h3" id="suivi-titre">
          Suivi de la formation
        </Title>
        <Text fw={600} data-testid="hours-done">
          Heures réalisées : {formatHours(done)}
          {planned > 0 && <> sur {formatHours(planned)} prévues</>}
        </Text>
        {plan.progress.length === 0 ? (
          <Text size="sm">Aucune séance enregistrée.</Text>
        ) : (
          <TableScroll minWidth={600} label="Séances de formation">
            <Table striped withTableBorder data-testid="progress-table">
              <Table.Caption>Séances de formation</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Date</Table.Th>
                  <Table.Th scope="col">Durée</Table.Th>
                  <Table.Th scope="col">Items travaillés</Table.Th>
                  <Table.Th scope="col">Note</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.progress.map((entry, index) => (
                  <Table.Tr key={`${entry.day}-${index}`}>
                    <Table.Td>{formatDay(entry.day)}</Table.Td>
                    <Table.Td>{formatHours(entry.hours)}</Table.Td>
                    <Table.Td>{entry.itemsWorked.map((code) => itemLabel(code, titles)).join(" ; ") || "—"}</Table.Td>
                    <Table.Td>{entry.note || "—"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
        {recorded && (
          <Alert color="green" variant="light" role="status" title="Séance enregistrée">
            <Text size="sm">La séance de formation a été enregistrée.</Text>
          </Alert>
        )}
        {editable && (
          <ProgressForm
            key={plan.progress.length}
            plan={plan}
            titles={titles}
            onRecorded={() => {
              setRecorded(true);
              onRecorded();
            }}
          />
        )}
      </Stack>
    </section>
  );
}

function ProgressForm({
  plan,
  titles,
  onRecorded,
}: {
  plan: TrainingPlanFieldsFragment;
  titles: Map<string, string>;
  onRecorded: () => void;
}) {
  const [day, setDay] = useState(todayIso());
  const [hours, setHours] = useState<number | "">("");
  const [itemsWorked, setItemsWorked] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<{ day?: string; hours?: string; itemsWorked?: string }>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, record] = useMutation(RecordTrainingProgressMutation);
  const handleErrors = useOperationErrors();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setGeneral([]);
    const found: typeof errors = {};
    if (!day) found.day = "Choisissez la date de la séance.";
    if (hours === "" || hours <= 0 || hours > 12) found.hours = "Une séance compte entre quelques minutes et 12 heures.";
    setErrors(found);
    if (Object.keys(found).length > 0 || hours === "") return;
    const result = await record({ planId: plan.id, day, hours, itemsWorked, note: note.trim() });
    const topLevel = handleErrors(result.error);
    if (topLevel) {
      setGeneral([topLevel]);
      return;
    }
    const payload = result.data?.recordTrainingProgress;
    if (payload && payload.errors.length > 0) {
      const { byField, general: messages } = splitErrors(payload.errors, ["day", "hours", "itemsWorked"] as const);
      setErrors(byField);
      setGeneral(messages);
      return;
    }
    // The plan is refetched (new progress line) and this form is remounted.
    setHours("");
    setItemsWorked([]);
    setNote("");
    onRecorded();
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={onSubmit} noValidate aria-label="Enregistrer une séance de formation">
        <Stack gap="sm">
          <Title order={3} size="h4">
            Enregistrer une séance de formation
          </Title>
          <FormAlert messages={general} title="Séance non enregistrée" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Date de la séance"
              type="date"
              required
              value={day}
              onChange={(event) => setDay(event.currentTarget.value)}
              error={errors.day}
            />
            <NumberInput
              label="Durée (heures)"
              required
              min={0}
              max={12}
              step={0.5}
              decimalScale={2}
              decimalSeparator=","
              allowNegative={false}
              value={hours}
              onChange={(value) => setHours(typeof value === "number" ? value : value === "" ? "" : Number(value))}
              error={errors.hours}
            />
          </SimpleGrid>
          <MultiSelect
            label="Items travaillés"
            data={plan.objectives.map((o) => ({ value: o.itemCode, label: itemLabel(o.itemCode, titles) }))}
            value={itemsWorked}
            onChange={setItemsWorked}
            error={errors.itemsWorked}
            searchable
            nothingFoundMessage="Aucun item"
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea label="Note" autosize minRows={2} value={note} onChange={(event) => setNote(event.currentTarget.value)} />
          <Group>
            <Button type="submit" loading={fetching}>
              Enregistrer la séance
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
