import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Input,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { useClient } from "urql";
import { NETWORK_OPTIONS } from "../auth/labels";
import { ConfirmModal } from "../components/ConfirmModal";
import { FormAlert } from "../components/FormAlert";
import { formatDayTime } from "../components/format";
import type { ApplicationFieldsFragment, NationalNetwork } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { departementOf, REGIONS } from "../organisation/regions";
import {
  EMPTY_EVALUATOR,
  EMPTY_SITE,
  valuesOf,
  type ApplicationAutosaveSnapshot,
  type ApplicationValues,
  type EvaluatorValues,
  type SiteValues,
} from "./applicationAutosave";
import { MissingChecklist } from "./ApplicationParts";
import { ApplicationQuery, SubmitApplicationMutation } from "./documents";
import { fieldId, formatBytes, SCOPE_LABELS } from "./labels";
import { uploadDocument } from "./upload";
import { useApplicationAutosave } from "./useApplicationAutosave";

type Application = ApplicationFieldsFragment;

const SAVE_TEXT: Record<ApplicationAutosaveSnapshot["status"], string> = {
  idle: "À jour",
  pending: "Modifications en attente…",
  saving: "Enregistrement…",
  saved: "Enregistré",
  offline: "Hors ligne — nouvel essai…",
  conflict: "Conflit : la candidature a été modifiée ailleurs",
  invalid: "Non enregistré : valeurs à corriger",
  error: "Échec de l’enregistrement",
};

/** Live save status (`role="status"`, `data-testid="application-save-status"`). */
export function ApplicationSaveStatus({ snapshot }: { snapshot: ApplicationAutosaveSnapshot }) {
  return (
    <Text
      span
      role="status"
      aria-live="polite"
      data-testid="application-save-status"
      data-status={snapshot.status}
      fw={700}
      size="sm"
    >
      {SAVE_TEXT[snapshot.status]}
      {snapshot.status === "saved" && snapshot.lastSavedAt
        ? ` à ${new Date(snapshot.lastSavedAt).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" })}`
        : ""}
    </Text>
  );
}

interface ApplicationFormProps {
  application: Application;
  /** Refetch the application (checklist, documents) after a save or an upload. */
  onChanged: () => void;
  /** After a successful submission. */
  onSubmitted: () => void;
  /** Test hook: autosave debounce (ms). */
  autosaveDelay?: number;
}

/**
 * The applicant's form, saved as the user types (see `applicationAutosave.ts`):
 * network, sites and their evaluators, documents (uploaded at once),
 * declarations, the checklist of what is missing and "Déposer la candidature".
 */
export function ApplicationForm({ application, onChanged, onSubmitted, autosaveDelay }: ApplicationFormProps) {
  const { store, snapshot } = useApplicationAutosave({
    applicationId: application.id,
    revision: application.revision,
    values: valuesOf(application),
    enabled: true,
    onSaved: onChanged,
    delay: autosaveDelay,
  });
  const values = snapshot.values;
  const client = useClient();
  const submit = useMutationWithErrors(SubmitApplicationMutation, (d) => d.submitApplication);
  const [submitErrors, setSubmitErrors] = useState<string[]>([]);
  const [reloading, setReloading] = useState(false);
  const [removingSite, setRemovingSite] = useState<number | null>(null);

  const update = (change: (values: ApplicationValues) => ApplicationValues) => store.update(change);
  const updateSite = (index: number, change: Partial<SiteValues>) =>
    update((v) => ({ ...v, sites: v.sites.map((site, i) => (i === index ? { ...site, ...change } : site)) }));
  const updatePerson = (
    kind: "evaluators" | "trainers",
    siteIndex: number,
    position: number,
    change: Partial<EvaluatorValues>,
  ) =>
    update((v) => ({
      ...v,
      sites: v.sites.map((site, i) =>
        i === siteIndex ? { ...site, [kind]: site[kind].map((e, p) => (p === position ? { ...e, ...change } : e)) } : site,
      ),
    }));
  const accepted = application.campaign.acceptedScopes;
  const scopeOptions = (["EVALUATION", "TRAINING", "BOTH"] as const)
    .filter((scope) => scope === "BOTH" ? accepted.length === 2 : accepted.includes(scope))
    .map((scope) => ({ value: scope, label: SCOPE_LABELS[scope] }));

  /** The server's current version of the application (after a conflict). */
  async function serverVersion() {
    const result = await client.query(ApplicationQuery, { id: application.id }, { requestPolicy: "network-only" }).toPromise();
    const found = result.data?.application;
    return found?.__typename === "Application" ? found : null;
  }

  async function onReload(keepMine: boolean) {
    setReloading(true);
    try {
      const server = await serverVersion();
      if (!server) return;
      if (keepMine) await store.overwrite(server.revision);
      else store.reload({ revision: server.revision, values: valuesOf(server) });
      onChanged();
    } finally {
      setReloading(false);
    }
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitErrors([]);
    const saved = await store.flush();
    if (!saved) {
      setSubmitErrors([
        store.getSnapshot().message ?? "Les dernières modifications ne sont pas enregistrées : réessayez.",
      ]);
      return;
    }
    const outcome = await submit.run({ applicationId: application.id, revision: store.getSnapshot().revision });
    if (outcome.ok) {
      onSubmitted();
      return;
    }
    setSubmitErrors(outcome.general.length > 0 ? outcome.general : ["Dépôt impossible."]);
    // A refusal by the API may come from a change made elsewhere (a reviewer, another tab): reload.
    if (outcome.payload) onChanged();
  }

  const fieldError = (path: string) => snapshot.fieldErrors[path];
  const siteInput = (index: number, key: Exclude<keyof SiteValues, "evaluators" | "region" | "scope" | "trainers">) => {
    const path = `sites[${index}].${key}`;
    return {
      id: fieldId(path),
      value: values.sites[index]?.[key] ?? "",
      onChange: (event: ChangeEvent<HTMLInputElement>) => updateSite(index, { [key]: event.currentTarget.value }),
      error: fieldError(path),
    };
  };

  const siren = application.organisationSiren ?? "";

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Formulaire de candidature">
      <Stack gap="xl">
        <Paper
          withBorder
          p="sm"
          data-testid="application-toolbar"
          style={{ position: "sticky", top: 72, zIndex: 5 }}
        >
          <Group justify="space-between" gap="sm">
            <Group gap="xs">
              <ApplicationSaveStatus snapshot={snapshot} />
              <Text size="sm">Le formulaire est enregistré au fil de la saisie.</Text>
            </Group>
            {(snapshot.status === "offline" || snapshot.status === "error") && (
              <Button size="xs" variant="default" onClick={() => void store.saveNow()}>
                Réessayer maintenant
              </Button>
            )}
          </Group>
          {snapshot.status === "conflict" && (
            <Alert color="red" variant="light" title="Candidature modifiée ailleurs" role="alert" mt="sm" data-testid="application-conflict">
              <Stack gap="xs">
                <Text size="sm">{snapshot.message}</Text>
                <Text size="sm">Votre saisie est conservée à l’écran tant que vous n’avez pas choisi.</Text>
                <Group gap="xs">
                  <Button size="xs" variant="default" loading={reloading} onClick={() => void onReload(false)}>
                    Recharger la candidature
                  </Button>
                  <Button size="xs" color="red.9" loading={reloading} onClick={() => void onReload(true)}>
                    Garder ma saisie
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          {(snapshot.status === "invalid" || snapshot.status === "error") && snapshot.message && (
            <Text size="sm" c="red.9" mt="xs" role="alert">
              {snapshot.message}
            </Text>
          )}
        </Paper>

        <Section title="Organisme">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label="Organisme" value={application.organisationName} readOnly variant="filled" />
            <TextInput label="SIREN" value={siren || "non renseigné"} readOnly variant="filled" />
            <Select
              id={fieldId("network")}
              label="Réseau national"
              placeholder="Aucun"
              data={NETWORK_OPTIONS}
              value={values.network}
              onChange={(network) => update((v) => ({ ...v, network: network as NationalNetwork | null }))}
              error={fieldError("network")}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
        </Section>

        <Section title="Établissements à habiliter" id={fieldId("sites")}>
          <Text size="sm">
            Chaque établissement (SIRET) où les évaluations auront lieu, avec le contact publié dans l’annuaire et
            les évaluateurs désignés.
          </Text>
          {values.sites.map((site, index) => (
            <Fieldset key={index} legend={`Établissement n° ${index + 1}`} data-site-index={index}>
              <Stack gap="sm">
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <TextInput
                    label="SIRET"
                    description={siren ? `14 chiffres, commençant par le SIREN ${siren}` : "14 chiffres"}
                    inputMode="numeric"
                    required
                    {...siteInput(index, "siret")}
                  />
                  <TextInput label="Nom de l’établissement" required {...siteInput(index, "name")} />
                  <TextInput label="Adresse" autoComplete="street-address" required {...siteInput(index, "addressLine")} />
                  <SimpleGrid cols={2} spacing="sm">
                    <TextInput
                      label="Code postal"
                      inputMode="numeric"
                      autoComplete="postal-code"
                      required
                      description={departementOf(site.postalCode) ? `Département ${departementOf(site.postalCode)}` : undefined}
                      {...siteInput(index, "postalCode")}
                    />
                    <TextInput label="Commune" autoComplete="address-level2" required {...siteInput(index, "city")} />
                  </SimpleGrid>
                  <Select
                    id={fieldId(`sites[${index}].region`)}
                    label="Région"
                    data={[...REGIONS]}
                    value={site.region || null}
                    onChange={(region) => updateSite(index, { region: region ?? "" })}
                    error={fieldError(`sites[${index}].region`)}
                    searchable
                    required
                    nothingFoundMessage="Aucune région"
                    comboboxProps={{ withinPortal: true }}
                  />
                  <TextInput label="Adresse e-mail de contact" type="email" required {...siteInput(index, "contactEmail")} />
                  <TextInput label="Téléphone de contact" type="tel" autoComplete="tel" {...siteInput(index, "contactPhone")} />
                </SimpleGrid>
                <Select
                  id={fieldId(`sites[${index}].scope`)}
                  label="Habilitation demandée"
                  description="L’évaluation demande des évaluateurs désignés, la formation des formateurs désignés."
                  data={scopeOptions}
                  value={site.scope}
                  onChange={(scope) => scope && updateSite(index, { scope: scope as SiteValues["scope"] })}
                  error={fieldError(`sites[${index}].scope`)}
                  allowDeselect={false}
                  required
                  comboboxProps={{ withinPortal: true }}
                />
                {site.scope !== "TRAINING" && (
                  <EvaluatorsEditor
                    siteIndex={index}
                    evaluators={site.evaluators}
                    fieldError={fieldError}
                    onAdd={() => updateSite(index, { evaluators: [...site.evaluators, { ...EMPTY_EVALUATOR }] })}
                    onRemove={(position) =>
                      updateSite(index, { evaluators: site.evaluators.filter((_, p) => p !== position) })
                    }
                    onChange={(position, change) => updatePerson("evaluators", index, position, change)}
                  />
                )}
                {site.scope !== "EVALUATION" && (
                  <EvaluatorsEditor
                    kind="trainers"
                    siteIndex={index}
                    evaluators={site.trainers}
                    fieldError={fieldError}
                    onAdd={() => updateSite(index, { trainers: [...site.trainers, { ...EMPTY_EVALUATOR }] })}
                    onRemove={(position) =>
                      updateSite(index, { trainers: site.trainers.filter((_, p) => p !== position) })
                    }
                    onChange={(position, change) => updatePerson("trainers", index, position, change)}
                  />
                )}
                <Group justify="flex-end">
                  <Button variant="default" color="red.9" size="xs" onClick={() => setRemovingSite(index)}>
                    Retirer l’établissement n° {index + 1}
                  </Button>
                </Group>
              </Stack>
            </Fieldset>
          ))}
          <Button
            variant="default"
            onClick={() => update((v) => ({ ...v, sites: [...v.sites, { ...EMPTY_SITE, evaluators: [{ ...EMPTY_EVALUATOR }] }] }))}
            style={{ alignSelf: "flex-start" }}
          >
            Ajouter un établissement
          </Button>
        </Section>

        <DocumentsSection application={application} onUploaded={onChanged} />

        <Section title="Déclarations sur l’honneur">
          {application.declarations.map((declaration) => (
            <Checkbox
              key={declaration.key}
              id={fieldId(`declarations.${declaration.key}`)}
              label={declaration.text}
              checked={values.declarations.includes(declaration.key)}
              onChange={(event) => {
                const checked = event.currentTarget.checked;
                update((v) => ({
                  ...v,
                  declarations: checked
                    ? [...v.declarations.filter((k) => k !== declaration.key), declaration.key]
                    : v.declarations.filter((k) => k !== declaration.key),
                }));
              }}
            />
          ))}
        </Section>

        <MissingChecklist missing={application.missing} linkFields />

        <Stack gap="sm">
          <FormAlert messages={submitErrors} title="Candidature non déposée" />
          <Group>
            <Button type="submit" loading={submit.fetching} disabled={snapshot.status === "conflict"}>
              Déposer la candidature
            </Button>
            <Text size="sm">Après le dépôt, la candidature n’est plus modifiable, sauf si Certif'Pro demande un complément.</Text>
          </Group>
        </Stack>
      </Stack>
      <ConfirmModal
        opened={removingSite !== null}
        title={`Retirer l’établissement n° ${(removingSite ?? 0) + 1}`}
        confirmLabel="Retirer l’établissement"
        onCancel={() => setRemovingSite(null)}
        onConfirm={() => {
          const index = removingSite;
          setRemovingSite(null);
          if (index !== null) update((v) => ({ ...v, sites: v.sites.filter((_, i) => i !== index) }));
        }}
      >
        <Text size="sm">
          L’établissement {values.sites[removingSite ?? 0]?.name || ""} et ses évaluateurs seront retirés de la candidature.
        </Text>
      </ConfirmModal>
    </form>
  );
}

function Section({ title, id, children }: { title: string; id?: string; children: React.ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} id={id} tabIndex={id ? -1 : undefined}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </section>
  );
}

const PEOPLE = {
  evaluators: { title: "Évaluateurs désignés", the: "l’évaluateur", one: "évaluateur", One: "Évaluateur", none: "Aucun évaluateur" },
  trainers: { title: "Formateurs désignés", the: "le formateur", one: "formateur", One: "Formateur", none: "Aucun formateur" },
} as const;

/** The named evaluators (evaluation scope) or trainers (training scope) of a site. */
function EvaluatorsEditor({
  kind = "evaluators",
  siteIndex,
  evaluators,
  fieldError,
  onAdd,
  onRemove,
  onChange,
}: {
  kind?: "evaluators" | "trainers";
  siteIndex: number;
  evaluators: EvaluatorValues[];
  fieldError: (path: string) => string | undefined;
  onAdd: () => void;
  onRemove: (position: number) => void;
  onChange: (position: number, change: Partial<EvaluatorValues>) => void;
}) {
  const where = `sites[${siteIndex}].${kind}`;
  const words = PEOPLE[kind];
  return (
    <Stack gap="sm" id={fieldId(where)} tabIndex={-1}>
      <Text fw={700} size="sm">
        {words.title}
      </Text>
      {evaluators.length === 0 && <Text size="sm">{words.none} : désignez-en au moins un.</Text>}
      {evaluators.map((evaluator, position) => {
        const path = (key: keyof EvaluatorValues) => `${where}[${position}].${key}`;
        return (
          <Fieldset key={position} legend={`${words.One} n° ${position + 1}`} variant="filled">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                id={fieldId(path("fullName"))}
                label="Prénom et nom"
                required
                value={evaluator.fullName}
                onChange={(event) => onChange(position, { fullName: event.currentTarget.value })}
                error={fieldError(path("fullName"))}
              />
              <TextInput
                id={fieldId(path("email"))}
                label="Adresse e-mail"
                description="Celle de son compte sur la plateforme"
                type="email"
                required
                value={evaluator.email}
                onChange={(event) => onChange(position, { email: event.currentTarget.value })}
                error={fieldError(path("email"))}
              />
            </SimpleGrid>
            <Textarea
              id={fieldId(path("qualifications"))}
              label="Qualifications et expérience"
              required
              autosize
              minRows={2}
              mt="sm"
              value={evaluator.qualifications}
              onChange={(event) => onChange(position, { qualifications: event.currentTarget.value })}
              error={fieldError(path("qualifications"))}
            />
            <Group justify="flex-end" mt="sm">
              <Button
                size="xs"
                variant="default"
                onClick={() => onRemove(position)}
                aria-label={`Retirer ${words.the} n° ${position + 1} de l’établissement n° ${siteIndex + 1}`}
              >
                Retirer {words.the}
              </Button>
            </Group>
          </Fieldset>
        );
      })}
      <Button
        size="xs"
        variant="default"
        onClick={onAdd}
        style={{ alignSelf: "flex-start" }}
        aria-label={`Ajouter un ${words.one} à l’établissement n° ${siteIndex + 1}`}
      >
        Ajouter un {words.one}
      </Button>
    </Stack>
  );
}

function DocumentsSection({ application, onUploaded }: { application: Application; onUploaded: () => void }) {
  const documents = new Map(application.documents.map((d) => [d.requirementKey, d]));
  return (
    <Section title="Pièces justificatives">
      <Text size="sm">Fichiers PDF uniquement, 10 Mo au plus. Un nouvel envoi remplace le fichier précédent.</Text>
      {application.campaign.requiredDocuments.map((requirement) => (
        <DocumentUpload
          key={requirement.key}
          applicationId={application.id}
          requirement={requirement}
          document={documents.get(requirement.key) ?? null}
          onUploaded={onUploaded}
        />
      ))}
    </Section>
  );
}

function DocumentUpload({
  applicationId,
  requirement,
  document,
  onUploaded,
}: {
  applicationId: string;
  requirement: Application["campaign"]["requiredDocuments"][number];
  document: Application["documents"][number] | null;
  onUploaded: () => void;
}) {
  const id = fieldId(`documents.${requirement.key}`);
  const [state, setState] = useState<{ uploading: boolean; error: string | null; done: string | null }>({
    uploading: false,
    error: null,
    done: null,
  });

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setState({ uploading: true, error: null, done: null });
    const result = await uploadDocument(applicationId, requirement.key, file);
    input.value = "";
    if (result.ok) {
      setState({ uploading: false, error: null, done: `${result.document.filename} a été envoyé.` });
      onUploaded();
    } else {
      setState({ uploading: false, error: result.message, done: null });
    }
  }

  const description = [requirement.description, requirement.mandatory ? "" : "Facultative."].filter(Boolean).join(" ");
  const describedBy = [description ? `${id}-description` : "", state.error ? `${id}-error` : "", `${id}-current`]
    .filter(Boolean)
    .join(" ");
  return (
    <Paper withBorder p="sm" data-document={requirement.key} data-uploaded={document ? "true" : "false"}>
      <Input.Wrapper
        id={id}
        label={requirement.label}
        description={description || undefined}
        required={requirement.mandatory}
        error={state.error}
      >
        <Stack gap={6} mt={4}>
          <Text size="sm" id={`${id}-current`} data-testid="document-current">
            {document ? (
              <>
                Fichier déposé :{" "}
                <Anchor href={document.downloadUrl} target="_blank" rel="noopener">
                  {document.filename}
                  <VisuallyHidden> (PDF, nouvel onglet)</VisuallyHidden>
                </Anchor>{" "}
                ({formatBytes(document.size)}, le {formatDayTime(document.uploadedAt)})
              </>
            ) : (
              "Aucun fichier déposé."
            )}
          </Text>
          <Text size="sm" component="span">
            {document ? "Remplacer le fichier :" : "Choisir le fichier PDF :"}
          </Text>
          <input
            id={id}
            type="file"
            accept="application/pdf,.pdf"
            onChange={(event) => void onFile(event)}
            disabled={state.uploading}
            aria-describedby={describedBy}
            aria-invalid={state.error ? true : undefined}
            aria-required={requirement.mandatory}
          />
          <Text size="sm" role="status" aria-live="polite">
            {state.uploading ? "Envoi en cours…" : state.done ?? ""}
          </Text>
        </Stack>
      </Input.Wrapper>
    </Paper>
  );
}
