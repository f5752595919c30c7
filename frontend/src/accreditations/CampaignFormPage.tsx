import {
  Anchor,
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useMemo, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import { useViewer } from "../auth/session";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import type { CampaignFieldsFragment } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import {
  CAMPAIGN_FIELDS,
  campaignInput,
  campaignProblems,
  campaignValues,
  newCampaignValues,
  reviewerOptions,
  type CampaignValues,
  type DocumentRow,
} from "./campaignForm";
import { CampaignQuery, CreateCampaignMutation, PlatformAdministratorsQuery, UpdateCampaignMutation } from "./reviewDocuments";
import { useCertificationTitles } from "./useCertificationTitles";
import { formatEuros } from "./labels";
import { DateField } from "../components/DateField";

export const CAMPAIGNS_PATH = "/plateforme/campagnes";

/** `/plateforme/campagnes/nouvelle` and `/plateforme/campagnes/:id` (Certif'Pro admin). */
export function CampaignFormPage() {
  const { id } = useParams();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: CampaignQuery,
    variables: { id: id ?? "" },
    pause: !id,
  });
  useDocumentTitle(pageTitle(id ? "Modifier la campagne" : "Nouvelle campagne"));
  if (id) {
    if (fetching && !data) return <LoadingState label="Chargement de la campagne…" />;
    if (error && !data) {
      return (
        <OperationError
          message="Impossible de charger la campagne."
          error={error}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      );
    }
    const found = data?.campaign;
    if (found?.__typename !== "Campaign") return <Text role="alert">Campagne introuvable.</Text>;
    return <CampaignForm key={`${found.id}-${found.revision}`} campaign={found} />;
  }
  return <CampaignForm campaign={null} />;
}

function CampaignForm({ campaign }: { campaign: CampaignFieldsFragment | null }) {
  const { viewer } = useViewer();
  const viewerId = viewer?.user?.id ?? null;
  const navigate = useNavigate();
  const certifications = useCertificationTitles();
  const [values, setValues] = useState<CampaignValues>(() =>
    campaign ? campaignValues(campaign) : newCampaignValues(new Date(), viewerId),
  );
  const [{ data: administrators, fetching: loadingAdministrators, error: administratorsError }] = useQuery({
    query: PlatformAdministratorsQuery,
  });
  const reviewerData = useMemo(() => {
    const known = [...(campaign?.reviewers ?? [])];
    const me = viewer?.user;
    if (me && !known.some((p) => p.id === me.id)) known.push({ id: me.id, fullName: me.fullName, email: me.email });
    return reviewerOptions(administrators?.platformAdministrators ?? [], known, values.reviewerIds);
  }, [administrators, campaign, viewer, values.reviewerIds]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const answers = { fields: CAMPAIGN_FIELDS, onFieldErrors: setErrors };
  const create = useMutationWithErrors(CreateCampaignMutation, (d) => d.createCampaign, answers);
  const update = useMutationWithErrors(UpdateCampaignMutation, (d) => d.updateCampaign, answers);
  const [general, setGeneral] = useState<string[]>([]);

  const set = <K extends keyof CampaignValues>(key: K, value: CampaignValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => {
      const next = { ...current };
      delete next[key];
      if (key === "applicationFee") delete next.applicationFeeCents;
      if (key === "siteFee") delete next.siteFeeCents;
      return next;
    });
  };
  const setDocument = (index: number, change: Partial<DocumentRow>) => {
    set(
      "documents",
      values.documents.map((d, i) => (i === index ? { ...d, ...change } : d)),
    );
    setErrors((current) => {
      const next = { ...current };
      delete next[`requiredDocuments[${index}].label`];
      delete next.requiredDocuments;
      return next;
    });
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setGeneral([]);
    const problems = campaignProblems(values);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const input = campaignInput(values, certifications.fees);
    const outcome = campaign
      ? await update.run({ id: campaign.id, revision: campaign.revision, ...input })
      : await create.run(input);
    if (outcome.ok && outcome.payload.campaign) {
      void navigate(CAMPAIGNS_PATH, {
        state: { saved: `La campagne « ${outcome.payload.campaign.title} » a été ${campaign ? "modifiée" : "créée"}.` },
      });
      return;
    }
    // Errors on a listed document (`requiredDocuments[1].label`) are in `general`, by their message.
    const refused = !outcome.ok && (outcome.general.length > 0 || Object.keys(outcome.byField).length > 0);
    setGeneral(refused ? outcome.general : ["Enregistrement impossible."]);
  }

  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to={CAMPAIGNS_PATH} size="sm">
          ← Campagnes
        </Anchor>
        <Title order={1} mt="xs">
          {campaign ? `Modifier la campagne « ${campaign.title} »` : "Nouvelle campagne d’habilitation"}
        </Title>
      </div>
      <form onSubmit={onSubmit} noValidate aria-label={campaign ? "Modifier la campagne" : "Nouvelle campagne"}>
        <Stack gap="lg">
          <FormAlert messages={general} title="Campagne non enregistrée" />
          <TextInput
            label="Titre de la campagne"
            required
            value={values.title}
            onChange={(event) => set("title", event.currentTarget.value)}
            error={errors.title}
          />
          <Checkbox.Group
            label="Certifications couvertes"
            required
            value={values.certificationCodes}
            onChange={(codes) => set("certificationCodes", codes)}
            error={errors.certificationCodes}
          >
            <Stack gap={6} mt={6}>
              {certifications.options.map((option) => (
                <Checkbox key={option.value} value={option.value} label={option.label} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Fieldset legend="Calendrier">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <DateField
                label="Ouverture des candidatures"
                required
                value={values.opensOn}
                onChange={(value) => set("opensOn", value)}
                error={errors.opensOn}
              />
              <DateField
                label="Clôture des candidatures"
                description="Dernier jour d’un premier dépôt"
                required
                value={values.closesOn}
                onChange={(value) => set("closesOn", value)}
                error={errors.closesOn}
              />
              <DateField
                label="Début de l’habilitation"
                required
                value={values.accreditationStartsOn}
                onChange={(value) => set("accreditationStartsOn", value)}
                error={errors.accreditationStartsOn}
              />
              <DateField
                label="Fin de l’habilitation"
                required
                value={values.accreditationEndsOn}
                onChange={(value) => set("accreditationEndsOn", value)}
                error={errors.accreditationEndsOn}
              />
            </SimpleGrid>
            <Checkbox.Group
              mt="sm"
              label="Habilitations accordées par la campagne"
              description="Les candidats demandent, par établissement, l’évaluation, la formation ou les deux."
              value={values.acceptedScopes}
              onChange={(scopes) => set("acceptedScopes", scopes as CampaignValues["acceptedScopes"])}
              error={errors.acceptedScopes}
            >
              <Group mt={4}>
                <Checkbox value="EVALUATION" label="Évaluation" />
                <Checkbox value="TRAINING" label="Formation" />
              </Group>
            </Checkbox.Group>
            <Checkbox
              mt="sm"
              label="Les dossiers ouverts à l’expiration de l’habilitation peuvent être menés à terme"
              checked={values.openDossiersMayFinish}
              onChange={(event) => set("openDossiersMayFinish", event.currentTarget.checked)}
            />
          </Fieldset>
          <Fieldset legend="Frais">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label="Frais de dossier (€)"
                description="Par candidature, ex. 300 ou 300,50"
                inputMode="decimal"
                value={values.applicationFee}
                onChange={(event) => set("applicationFee", event.currentTarget.value)}
                error={errors.applicationFeeCents}
              />
              <TextInput
                label="Frais par établissement habilité (€)"
                inputMode="decimal"
                value={values.siteFee}
                onChange={(event) => set("siteFee", event.currentTarget.value)}
                error={errors.siteFeeCents}
              />
            </SimpleGrid>
            {values.certificationCodes.length > 0 && (
              <Stack gap="xs" mt="md" data-testid="fee-overrides">
                <Text size="sm" fw={600}>
                  Frais propres à chaque certification
                </Text>
                <Text size="sm">
                  Laissés vides, les frais du module de la certification s’appliquent.
                </Text>
                {errors.feeOverrides && (
                  <Text size="sm" c="red.9" role="alert">
                    {errors.feeOverrides}
                  </Text>
                )}
                {values.certificationCodes.map((code) => {
                  const own = values.feeOverrides[code] ?? { application: "", site: "" };
                  const plugin = certifications.fees[code];
                  const setOwn = (change: Partial<typeof own>) =>
                    set("feeOverrides", { ...values.feeOverrides, [code]: { ...own, ...change } });
                  return (
                    <SimpleGrid key={code} cols={{ base: 1, sm: 2 }} spacing="sm" data-fee-override={code}>
                      <TextInput
                        label={`${code} — par candidature (€)`}
                        description={plugin ? `Défaut du module : ${formatEuros(plugin.applicationFeeCents)}` : undefined}
                        inputMode="decimal"
                        value={own.application}
                        onChange={(event) => setOwn({ application: event.currentTarget.value })}
                      />
                      <TextInput
                        label={`${code} — par établissement (€)`}
                        description={plugin ? `Défaut du module : ${formatEuros(plugin.siteFeeCents)}` : undefined}
                        inputMode="decimal"
                        value={own.site}
                        onChange={(event) => setOwn({ site: event.currentTarget.value })}
                      />
                    </SimpleGrid>
                  );
                })}
              </Stack>
            )}
          </Fieldset>
          <Fieldset legend="Contrôle des organismes habilités">
            <TextInput
              label="Délai de réponse à une procédure de contrôle (jours)"
              inputMode="numeric"
              value={values.replyDays}
              onChange={(event) => set("replyDays", event.currentTarget.value)}
              error={errors.replyDays}
              w={{ base: "100%", sm: 360 }}
            />
          </Fieldset>
          <Fieldset legend="Pièces demandées">
            <Stack gap="sm">
              {errors.requiredDocuments && (
                <Text size="sm" c="red.9" role="alert">
                  {errors.requiredDocuments}
                </Text>
              )}
              {values.documents.length === 0 && <Text size="sm">Aucune pièce demandée.</Text>}
              {values.documents.map((document, index) => (
                <Fieldset key={index} legend={`Pièce n° ${index + 1}`} variant="filled" data-document-row={index}>
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    <TextInput
                      label="Intitulé"
                      required
                      value={document.label}
                      onChange={(event) => setDocument(index, { label: event.currentTarget.value })}
                      error={errors[`requiredDocuments[${index}].label`]}
                    />
                    <TextInput
                      label="Description"
                      value={document.description}
                      onChange={(event) => setDocument(index, { description: event.currentTarget.value })}
                    />
                  </SimpleGrid>
                  <Group justify="space-between" mt="sm">
                    <Checkbox
                      label="Obligatoire"
                      checked={document.mandatory}
                      onChange={(event) => setDocument(index, { mandatory: event.currentTarget.checked })}
                    />
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => set("documents", values.documents.filter((_, i) => i !== index))}
                    >
                      Retirer la pièce n° {index + 1}
                    </Button>
                  </Group>
                  {document.key && (
                    <Text size="xs" mt={4}>
                      Clé : <Text span ff="monospace">{document.key}</Text>
                    </Text>
                  )}
                </Fieldset>
              ))}
              <Button
                variant="default"
                onClick={() =>
                  set("documents", [...values.documents, { key: "", label: "", description: "", mandatory: true }])
                }
                style={{ alignSelf: "flex-start" }}
              >
                Ajouter une pièce
              </Button>
            </Stack>
          </Fieldset>
          <Fieldset legend="Instruction">
            <MultiSelect
              label="Instructeurs"
              description="Administrateurs Certif’Pro chargés des candidatures, prévenus par e-mail de chaque dépôt"
              placeholder={values.reviewerIds.length === 0 ? "Choisir des instructeurs" : undefined}
              data={reviewerData}
              value={values.reviewerIds}
              onChange={(ids) => set("reviewerIds", ids)}
              error={errors.reviewerIds}
              searchable
              clearable
              nothingFoundMessage={loadingAdministrators ? "Chargement…" : "Aucun administrateur Certif’Pro trouvé"}
              comboboxProps={{ withinPortal: true }}
            />
            {administratorsError && !administrators && (
              <Text size="sm" c="red.9" role="alert" mt="xs">
                Impossible de charger la liste des administrateurs Certif’Pro : les instructeurs déjà désignés sont
                conservés.
              </Text>
            )}
          </Fieldset>
          <Group>
            <Button type="submit" loading={create.fetching || update.fetching}>
              {campaign ? "Enregistrer la campagne" : "Créer la campagne"}
            </Button>
            <Button component={Link} to={CAMPAIGNS_PATH} variant="default">
              Annuler
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
