import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDocumentTitle, useMediaQuery } from "@mantine/hooks";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { useViewer } from "../auth/session";
import { formatDay, todayIso } from "../components/format";
import { hasErrors, useForm } from "../forms/useForm";
import type { Financing, InterviewOutcome, PrescriberType } from "../gql/graphql";
import type { PayloadError } from "../graphql/errors";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { useDuplicateConfirmation } from "./CandidateFields";
import { CANDIDATE_VALIDATORS, EMPTY_CANDIDATE, type CandidateValues } from "./candidateValidation";
import { OpenDossierMutation, PathwayChoicesQuery, RecordInformationInterviewMutation } from "./documents";
import { candidateName, FINANCING_LABELS, INTERVIEW_OUTCOME_LABELS, optionsOf, PRESCRIBER_LABELS } from "./labels";
import { ElsewhereNotice } from "./ElsewhereNotice";
import {
  CandidateChosen,
  candidateVariables,
  CandidateStep,
  type ChosenCandidate,
  isCandidateError,
  readCandidateErrors,
  typedCandidate,
} from "./NewDossierCandidateStep";
import {
  DOSSIER_FIELDS,
  DOSSIER_VALIDATORS,
  type DossierValues,
  EMPTY_DOSSIER,
  INTERVIEW_FIELDS,
} from "./newDossierValues";
import { staffName, staffOptions, useStaff } from "./staff";
import { DateField } from "../components/DateField";

/**
 * `/dossiers/nouveau`: wizard — 1. the candidate (an existing one looked up, or a new one
 * kept in the wizard's state), 2. the interview and the dossier, 3. summary and opening:
 * a new candidate, the interview and the dossier are saved together (`openDossier`, one
 * transaction), so a wizard abandoned or refused leaves nothing behind.
 */
export function NewDossierPage() {
  useDocumentTitle(pageTitle("Nouveau dossier"));
  const navigate = useNavigate();
  const [active, setActive] = useState(0);
  // An existing candidate chosen in step 1; null: the new candidate typed there.
  const [existing, setExisting] = useState<ChosenCandidate | null>(null);
  const candidateForm = useForm<CandidateValues>(EMPTY_CANDIDATE, CANDIDATE_VALIDATORS);
  const duplicates = useDuplicateConfirmation(candidateForm.values);
  const [candidateGeneral, setCandidateGeneral] = useState<string[]>([]);
  const candidate = existing ?? typedCandidate(candidateForm.values);
  const who = candidateVariables(existing, candidateForm.values, duplicates);
  // A refusal about the new candidate goes back to step 1, next to its fields.
  const onCandidateErrors = (errors: readonly PayloadError[]) => {
    setCandidateGeneral(readCandidateErrors(errors, candidateForm, duplicates));
    setActive(0);
  };
  const dossierForm = useForm<DossierValues>(EMPTY_DOSSIER, DOSSIER_VALIDATORS);
  const [{ data: choices }] = useQuery({ query: PathwayChoicesQuery });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  // Move focus to the step's heading when the step changes (screen readers follow).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [active]);

  // The interview was held today by the viewer, unless the adviser says otherwise.
  const { viewer } = useViewer();
  const viewerId = viewer?.user?.id ?? "";
  const { setValue: setDossierValue } = dossierForm;
  useEffect(() => {
    setDossierValue("interviewOn", todayIso());
  }, [setDossierValue]);
  useEffect(() => {
    if (viewerId) setDossierValue("interviewAdviserId", viewerId);
  }, [viewerId, setDossierValue]);

  // A single site is chosen for the user.
  const sites = choices?.sites ?? [];
  const onlySite = sites.length === 1 ? sites[0]!.id : "";
  useEffect(() => {
    if (onlySite) setDossierValue("siteId", onlySite);
  }, [onlySite, setDossierValue]);

  const stepTitles = ["Candidat", "Dossier", "Récapitulatif"];
  const narrow = useMediaQuery("(max-width: 47.99em)", false) ?? false;

  return (
    <Stack gap="lg">
      <Breadcrumbs component="nav" aria-label="Fil d’Ariane" separator="›">
        <Anchor component={Link} to="/dossiers">
          Dossiers
        </Anchor>
        <Text span aria-current="page">
          Nouveau dossier
        </Text>
      </Breadcrumbs>
      <Title order={1}>Nouveau dossier</Title>
      <Stepper
        active={active}
        onStepClick={(step) => {
          if (step < active) setActive(step);
        }}
        allowNextStepsSelect={false}
        orientation={narrow ? "vertical" : "horizontal"}
        size="sm"
        aria-label="Étapes"
      >
        <Stepper.Step
          label="Candidat"
          description="Identité et coordonnées"
          aria-current={active === 0 ? "step" : undefined}
        >
          <StepHeading ref={headingRef} index={0} titles={stepTitles} />
          {existing ? (
            <CandidateChosen candidate={existing} onNext={() => setActive(1)} onChange={() => setExisting(null)} />
          ) : (
            <CandidateStep
              form={candidateForm}
              duplicates={duplicates}
              general={candidateGeneral}
              onNext={() => {
                setCandidateGeneral([]);
                setActive(1);
              }}
              onUse={(chosen) => {
                setExisting(chosen);
                setActive(1);
              }}
            />
          )}
        </Stepper.Step>
        <Stepper.Step
          label="Dossier"
          description="Entretien, certification, accord"
          aria-current={active === 1 ? "step" : undefined}
        >
          <StepHeading ref={headingRef} index={1} titles={stepTitles} />
          <DossierStep
            form={dossierForm}
            candidate={candidate}
            who={who}
            onCandidateErrors={onCandidateErrors}
            viewerId={viewerId}
            certifications={choices?.certifications ?? []}
            sites={sites}
            onBack={() => setActive(0)}
            onNext={() => setActive(2)}
          />
        </Stepper.Step>
        <Stepper.Step label="Récapitulatif" description="Ouverture" aria-current={active === 2 ? "step" : undefined}>
          <StepHeading ref={headingRef} index={2} titles={stepTitles} />
          {active === 2 && (
            <SummaryStep
              candidate={candidate}
              who={who}
              dossier={dossierForm.values}
              certificationTitle={
                choices?.certifications.find((c) => c.code === dossierForm.values.certificationCode)?.title ??
                dossierForm.values.certificationCode
              }
              siteName={sites.find((s) => s.id === dossierForm.values.siteId)?.name ?? "—"}
              viewerId={viewerId}
              onBack={() => setActive(1)}
              onCandidateErrors={onCandidateErrors}
              onFieldErrors={(errors) => {
                dossierForm.setErrors(errors);
                setActive(1);
              }}
              onOpened={(id) => void navigate(`/dossiers/${id}`, { state: { opened: true } })}
            />
          )}
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}

function StepHeading({
  ref,
  index,
  titles,
}: {
  ref: React.Ref<HTMLHeadingElement>;
  index: number;
  titles: string[];
}) {
  return (
    <Title order={2} size="h3" mt="md" mb="sm" ref={ref} tabIndex={-1} style={{ outline: "none" }}>
      Étape {index + 1} sur {titles.length} : {titles[index]}
    </Title>
  );
}

type DossierForm = ReturnType<typeof useForm<DossierValues>>;
/** Who the dossier is for, as the API takes it (an existing candidate or a new one). */
type Who = ReturnType<typeof candidateVariables>;
/** The API's names of the opening's interview fields, as the form calls them. */
const OPENING_FIELDS: Record<string, keyof DossierValues> = {
  ...INTERVIEW_FIELDS,
  "interview.heldOn": "interviewOn",
  "interview.adviserId": "interviewAdviserId",
};

function DossierStep({
  form,
  candidate,
  who,
  onCandidateErrors,
  viewerId,
  certifications,
  sites,
  onBack,
  onNext,
}: {
  form: DossierForm;
  candidate: ChosenCandidate;
  who: Who;
  onCandidateErrors: (errors: readonly PayloadError[]) => void;
  viewerId: string;
  certifications: readonly { code: string; title: string }[];
  sites: readonly { id: string; name: string }[];
  onBack: () => void;
  onNext: () => void;
}) {
  const { values } = form;
  const { staff } = useStaff(null);
  const oriented = values.interviewOutcome === "ORIENTED";
  // An interview recorded without a dossier ends the wizard (its new candidate is registered).
  const [recorded, setRecorded] = useState(false);
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (hasErrors(form.validate())) return;
    onNext();
  }
  const advisers = staffOptions(staff, { current: values.interviewAdviserId, viewerId });
  if (viewerId && !staff.some((person) => person.id === viewerId)) {
    const index = advisers.findIndex((option) => option.value === viewerId);
    const mine = { value: viewerId, label: "Moi-même (vous)" };
    if (index >= 0) advisers[index] = mine;
    else advisers.unshift(mine);
  }
  const selectField = <
    K extends "certificationCode" | "siteId" | "prescriberType" | "financing" | "interviewAdviserId" | "interviewOutcome",
  >(
    name: K,
  ) => ({
    value: values[name] || null,
    onChange: (value: string | null) => form.setValue(name, value ?? ""),
    error: form.errors[name],
    allowDeselect: false,
    comboboxProps: { withinPortal: true },
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Dossier">
      <Stack gap="sm">
        {who.candidateId && <ElsewhereNotice candidateId={who.candidateId} />}
        <Title order={3} size="h4">
          Entretien d’information
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <DateField
            label="Date de l’entretien"
            required
            {...form.dateField("interviewOn")}
          />
          <Select
            label="Conseiller"
            description="Membre de l’organisation qui a mené l’entretien."
            required
            data={advisers}
            {...selectField("interviewAdviserId")}
          />
          <Select
            label="Issue de l’entretien"
            required
            data={optionsOf(INTERVIEW_OUTCOME_LABELS)}
            {...selectField("interviewOutcome")}
          />
        </SimpleGrid>
        {(recorded || !oriented) && (
          <InterviewOnly
            form={form}
            candidate={candidate}
            who={who}
            recorded={recorded}
            onRecorded={() => setRecorded(true)}
            onCandidateErrors={onCandidateErrors}
          />
        )}
        <Title order={3} size="h4" mt="xs">
          Dossier
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label="Certification"
            required
            data={certifications.map((c) => ({ value: c.code, label: c.title }))}
            {...selectField("certificationCode")}
          />
          <Select
            label="Site"
            required
            data={sites.map((s) => ({ value: s.id, label: s.name }))}
            nothingFoundMessage="Aucun site : un administrateur doit en déclarer un."
            {...selectField("siteId")}
          />
          <Select
            label="Prescripteur"
            description="Qui a orienté le candidat."
            required
            data={optionsOf(PRESCRIBER_LABELS)}
            {...selectField("prescriberType")}
          />
          <TextInput
            label="Nom du prescripteur"
            description="Organisme ou personne (facultatif)."
            {...form.textField("prescriberName")}
          />
          <Select label="Financement" required data={optionsOf(FINANCING_LABELS)} {...selectField("financing")} />
        </SimpleGrid>
        <Checkbox
          mt="xs"
          label="Le candidat a donné son accord lors de l’entretien d’information"
          required
          checked={values.consent}
          onChange={(event) => form.setValue("consent", event.currentTarget.checked)}
          error={form.errors.consent}
        />
        <Checkbox
          label="Le candidat accepte que les autres organismes habilités sachent qu’il est suivi ici"
          description="Ils pourront le retrouver et lui proposer un transfert plutôt qu’un second dossier."
          checked={values.consentToShare}
          onChange={(event) => form.setValue("consentToShare", event.currentTarget.checked)}
        />
        <Group justify="space-between" mt="sm">
          <Button variant="default" onClick={onBack} disabled={recorded}>
            Précédent
          </Button>
          <Button type="submit" disabled={!oriented || recorded}>
            Suivant
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * An interview that did not orient the candidate towards a certification opens no
 * dossier: it is recorded on its own.
 */
function InterviewOnly({
  form,
  candidate,
  who,
  recorded,
  onRecorded,
  onCandidateErrors,
}: {
  form: DossierForm;
  candidate: ChosenCandidate;
  who: Who;
  recorded: boolean;
  onRecorded: () => void;
  onCandidateErrors: (errors: readonly PayloadError[]) => void;
}) {
  const recordInterview = useMutationWithErrors(
    RecordInformationInterviewMutation,
    (data) => data.recordInformationInterview,
    {
      fields: DOSSIER_FIELDS,
      fieldNames: INTERVIEW_FIELDS,
      onFieldErrors: form.setErrors,
      succeeded: (payload) => Boolean(payload.interview),
      handled: isCandidateError,
    },
  );
  const { values } = form;

  async function onRecord() {
    recordInterview.setGeneral([]);
    const checked = form.validate();
    if (checked.interviewOn || checked.interviewAdviserId || checked.certificationCode) return;
    const outcome = await recordInterview.run({
      ...who,
      certificationCode: values.certificationCode,
      heldOn: values.interviewOn,
      adviserId: values.interviewAdviserId,
      outcome: values.interviewOutcome as InterviewOutcome,
      note: "",
    });
    if (outcome.ok) onRecorded();
    else if (outcome.payload?.errors.some(isCandidateError)) onCandidateErrors(outcome.payload.errors);
  }

  if (recorded) {
    return (
      <Alert color="green" variant="light" title="Entretien enregistré" role="status">
        <Text size="sm">
          L’entretien d’information de {candidateName(candidate)} est enregistré ; aucun dossier n’est ouvert.{" "}
          <Anchor component={Link} to="/dossiers">
            Retour aux dossiers
          </Anchor>
        </Text>
      </Alert>
    );
  }
  return (
    <Alert color="blue" variant="light" title="Aucun dossier ne sera ouvert">
      <Stack gap="xs">
        <Text size="sm">
          Un dossier ne s’ouvre qu’après un entretien qui oriente le candidat vers la certification. Choisissez la
          certification dont il a été question, puis enregistrez l’entretien.
        </Text>
        <FormAlert messages={recordInterview.general} title="Entretien non enregistré" />
        <Group>
          <Button variant="light" onClick={() => void onRecord()} loading={recordInterview.fetching}>
            Enregistrer l’entretien sans ouvrir de dossier
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function SummaryStep({
  candidate,
  who,
  dossier,
  certificationTitle,
  siteName,
  viewerId,
  onBack,
  onCandidateErrors,
  onFieldErrors,
  onOpened,
}: {
  candidate: ChosenCandidate;
  who: Who;
  dossier: DossierValues;
  certificationTitle: string;
  siteName: string;
  viewerId: string;
  onBack: () => void;
  onCandidateErrors: (errors: readonly PayloadError[]) => void;
  onFieldErrors: (errors: Partial<Record<keyof DossierValues, string>>) => void;
  onOpened: (dossierId: string) => void;
}) {
  // A refusal naming a field goes back to the dossier step, next to that field (this step, and
  // the refusal's other messages, are then left).
  const openDossier = useMutationWithErrors(OpenDossierMutation, (data) => data.openDossier, {
    fields: DOSSIER_FIELDS,
    fieldNames: OPENING_FIELDS,
    onFieldErrors: (byField: Partial<Record<keyof DossierValues, string>>) => {
      if (Object.keys(byField).length > 0) onFieldErrors(byField);
    },
    succeeded: (payload) => Boolean(payload.dossier),
    handled: isCandidateError,
  });
  const { staff } = useStaff(null);

  async function onOpen() {
    const outcome = await openDossier.run({
      ...who,
      certificationCode: dossier.certificationCode,
      siteId: dossier.siteId,
      prescriberType: dossier.prescriberType as PrescriberType,
      prescriberName: dossier.prescriberName.trim(),
      financing: dossier.financing as Financing,
      consent: dossier.consent,
      consentToShare: dossier.consentToShare,
      interview: { heldOn: dossier.interviewOn, adviserId: dossier.interviewAdviserId },
    });
    if (outcome.ok) onOpened(outcome.payload.dossier!.id);
    else if (outcome.payload?.errors.some(isCandidateError)) onCandidateErrors(outcome.payload.errors);
  }

  const adviser =
    dossier.interviewAdviserId === viewerId
      ? "vous-même"
      : (staffName(staff, dossier.interviewAdviserId) ?? "—");

  const rows: [string, string][] = [
    ["Candidat", candidateName(candidate)],
    ["Date de naissance", formatDay(candidate.birthDate ?? "")],
    ["Candidat déjà enregistré", candidate.reused ? "Oui" : "Non : il sera enregistré avec le dossier"],
    [
      "Entretien d’information",
      `${formatDay(dossier.interviewOn)} avec ${adviser} — ${INTERVIEW_OUTCOME_LABELS[dossier.interviewOutcome as InterviewOutcome] ?? "—"}`,
    ],
    ["Certification", certificationTitle],
    ["Site", siteName],
    [
      "Prescripteur",
      [PRESCRIBER_LABELS[dossier.prescriberType as PrescriberType], dossier.prescriberName.trim()]
        .filter(Boolean)
        .join(" — "),
    ],
    ["Financement", FINANCING_LABELS[dossier.financing as Financing] ?? "—"],
    ["Accord du candidat", dossier.consent ? "Donné lors de l’entretien d’information" : "Non"],
    ["Partage avec les autres organismes", dossier.consentToShare ? "Accepté" : "Non"],
  ];

  return (
    <Stack gap="md">
      <FormAlert messages={openDossier.general} title="Dossier non ouvert" />
      <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing={4} verticalSpacing="xs" m={0} data-testid="dossier-summary">
        {rows.map(([term, detail]) => (
          <div key={term}>
            <Text component="dt" fw={700} size="sm">
              {term}
            </Text>
            <Text component="dd" m={0}>
              {detail || "—"}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Précédent
        </Button>
        <Button onClick={() => void onOpen()} loading={openDossier.fetching}>
          Ouvrir le dossier
        </Button>
      </Group>
    </Stack>
  );
}
