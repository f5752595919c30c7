import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useMemo, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import { useViewer, type Viewer } from "../auth/session";
import { pageTitle } from "../branding";
import { JuryOutcomePanel } from "../certificates/JuryOutcomePanel";
import { FormAlert } from "../components/FormAlert";
import { formatDay, formatDayTime } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import type { DossierQuery as DossierData } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { AbandonDossierModal } from "./AbandonDossierModal";
import {
  DossierQuery,
  IssuePartialAttestationMutation,
  PathwayChoicesQuery,
  PathwayReferentielQuery,
  StartEvaluationMutation,
} from "./documents";
import { CreateTrainingPlanMutation } from "./training/documents";
import {
  candidateName,
  describeEvent,
  EVALUATION_KIND_LABELS,
  FINANCING_LABELS,
  INTERVIEW_OUTCOME_LABELS,
  PRESCRIBER_LABELS,
} from "./labels";
import { canEditTrainingPlan, canManageDossiers, canStartEvaluation } from "./permissions";
import { gridPath } from "./paths";
import { itemLabel, parseOutcome, titlesByCode } from "./referentiel";
import { CandidateEditModal } from "./CandidateEditModal";
import { CandidateSpacePanel } from "../candidateSpace/CandidateSpacePanel";
import { StatusBadge } from "./StatusBadge";
import { TransferDossierModal } from "./TransferDossierModal";
import { DomainBars, domainBars } from "../components/DomainBars";
import type { FlatItem } from "../referentiel/tree";

type Dossier = Extract<DossierData["dossier"], { __typename: "Dossier" }>;
type Evaluation = Dossier["evaluations"][number];

/** `/dossiers/:id`: header, next steps by status and role, evaluations, timeline. */
export function DossierPage() {
  const { id = "" } = useParams();
  const location = useLocation();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DossierQuery,
    variables: { id },
    requestPolicy: "cache-and-network",
  });
  const answer = data?.dossier;
  const dossier = answer?.__typename === "Dossier" ? answer : null;
  const code = dossier?.certificationCode ?? "";
  const [{ data: choices }] = useQuery({ query: PathwayChoicesQuery });
  const [{ data: referentielData }] = useQuery({
    query: PathwayReferentielQuery,
    variables: { code },
    pause: !code,
  });
  const referentiel = referentielData?.referentiel;
  const items = referentiel?.__typename === "ReferentielVersion" ? referentiel.items : null;
  const titles = useMemo(() => titlesByCode(items), [items]);
  const name = dossier ? candidateName(dossier.candidate) : "Dossier";
  useDocumentTitle(pageTitle(`Dossier · ${name}`));
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const { viewer } = useViewer();
  const [editingCandidate, setEditingCandidate] = useState(false);
  const [candidateSaved, setCandidateSaved] = useState(false);

  if (fetching && !data) return <LoadingState label="Chargement du dossier…" skeletons={3} />;
  if (error && !data) {
    return <OperationError message="Impossible de charger le dossier." error={error} onRetry={refetch} />;
  }
  if (!dossier) {
    return (
      <Stack gap="md">
        <Title order={1}>Dossier introuvable</Title>
        <Text>Ce dossier n’existe pas ou n’appartient pas à l’organisation active.</Text>
        <Anchor component={Link} to="/dossiers">
          Retour aux dossiers
        </Anchor>
      </Stack>
    );
  }

  const state = (location.state ?? {}) as { opened?: boolean; closedEvaluation?: string };
  const canCorrect = canManageDossiers(viewer) && !dossier.candidate?.anonymised;
  const certification = choices?.certifications.find((c) => c.code === dossier.certificationCode);
  const site = choices?.sites.find((s) => s.id === dossier.siteId);

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Breadcrumbs component="nav" aria-label="Fil d’Ariane" separator="›">
          <Anchor component={Link} to="/dossiers">
            Dossiers
          </Anchor>
          <Text span aria-current="page">
            {name}
          </Text>
        </Breadcrumbs>
        {state.opened && (
          <Alert color="green" variant="light" role="status" title="Dossier ouvert">
            <Text size="sm">Le dossier est ouvert : l’évaluation préalable peut commencer.</Text>
          </Alert>
        )}
        {candidateSaved && (
          <Alert color="green" variant="light" role="status" title="Candidat modifié" data-testid="candidate-saved">
            <Text size="sm">Les modifications de la fiche du candidat sont enregistrées.</Text>
          </Alert>
        )}
        {state.closedEvaluation && (
          <Alert color="green" variant="light" role="status" title="Évaluation close">
            <Text size="sm">L’évaluation est close ; son résultat figure ci-dessous.</Text>
          </Alert>
        )}
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Title order={1}>{name}</Title>
            <Text mt={4} data-testid="dossier-certification">
              {certification?.title ?? dossier.certificationCode}
            </Text>
          </div>
          <Group gap="sm">
            {canCorrect && dossier.candidate && (
              <Button
                variant="default"
                onClick={() => {
                  setCandidateSaved(false);
                  setEditingCandidate(true);
                }}
              >
                Modifier le candidat
              </Button>
            )}
            <StatusBadge status={dossier.status} size="lg" />
          </Group>
        </Group>
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" m={0}>
          <Fact term="Ouvert le" detail={formatDay(dossier.openedAt)} />
          <Fact term="Fin du délai" detail={dossier.windowEndsOn ? formatDay(dossier.windowEndsOn) : "—"} testId="window-ends-on" />
          <Fact term="Site" detail={site?.name ?? "—"} />
          <Fact
            term="Prescripteur"
            detail={[PRESCRIBER_LABELS[dossier.prescriberType], dossier.prescriberName].filter(Boolean).join(" — ")}
          />
          <Fact term="Financement" detail={FINANCING_LABELS[dossier.financing]} />
          <Fact
            term="Entretien d’information"
            testId="information-interview"
            detail={
              dossier.informationInterview
                ? `${formatDay(dossier.informationInterview.heldOn)} avec ${dossier.informationInterview.adviserName || "—"} — ${INTERVIEW_OUTCOME_LABELS[dossier.informationInterview.outcome]}`
                : "Non enregistré (dossier ouvert avant son suivi)"
            }
          />
        </SimpleGrid>
      </Stack>

      {dossier.candidate && (
        <CandidateEditModal
          opened={editingCandidate}
          candidateId={dossier.candidate.id}
          onClose={() => setEditingCandidate(false)}
          onSaved={() => {
            setEditingCandidate(false);
            setCandidateSaved(true);
            refetch();
          }}
        />
      )}

      {canCorrect && dossier.candidate && <CandidateSpacePanel candidateId={dossier.candidate.id} />}

      <NextSteps dossier={dossier} onChanged={refetch} />

      <JuryOutcomePanel dossier={dossier} />

      <EvaluationsSection dossier={dossier} titles={titles} items={items} />

      <section aria-labelledby="historique-titre">
        <Title order={2} size="h3" id="historique-titre" mb="sm">
          Historique
        </Title>
        <Timeline active={dossier.timeline.length - 1} bulletSize={16} lineWidth={2} data-testid="dossier-timeline">
          {dossier.timeline.map((event, index) => (
            <Timeline.Item key={`${event.occurredAt}-${index}`} title={describeEvent(event)}>
              <Text size="sm">
                {formatDayTime(event.occurredAt)} · {event.actorLabel}
              </Text>
              {event.comment && (
                <Text size="sm" fs="italic">
                  {event.toStatus === "ABANDONED" ? "Motif : " : ""}
                  {event.comment}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      </section>
    </Stack>
  );
}

function Fact({ term, detail, testId }: { term: string; detail: string; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text component="dt" size="sm" fw={700}>
        {term}
      </Text>
      <Text component="dd" m={0}>
        {detail || "—"}
      </Text>
    </div>
  );
}

/** Which next steps the viewer may take on the dossier. */
export function availableActions(dossier: Pick<Dossier, "status" | "allowedStatuses" | "evaluations" | "trainingPlan">, viewer: Viewer | null) {
  const openEvaluation = dossier.evaluations.find((e) => e.status === "OPEN") ?? null;
  const training = dossier.status === "TRAINING";
  return {
    startInitial: (dossier.status === "OPENED" || dossier.status === "EXPIRED") && canStartEvaluation(viewer),
    openEvaluation,
    buildPlan: training && !dossier.trainingPlan && canEditTrainingPlan(viewer),
    editPlan: training && Boolean(dossier.trainingPlan) && canEditTrainingPlan(viewer),
    viewPlan: Boolean(dossier.trainingPlan) && !(training && canEditTrainingPlan(viewer)),
    startFinal: training && Boolean(dossier.trainingPlan) && canStartEvaluation(viewer),
    abandon: dossier.allowedStatuses.includes("ABANDONED") && canManageDossiers(viewer),
    transfer: TRANSFERABLE.includes(dossier.status) && canManageDossiers(viewer),
  };
}

/** Between two steps of the pathway (the API enforces the same list). */
const TRANSFERABLE: readonly Dossier["status"][] = ["OPENED", "TRAINING", "READY_FOR_JURY", "NOT_CERTIFIED", "EXPIRED"];

const STATUS_NOTES: Partial<Record<Dossier["status"], string>> = {
  READY_FOR_JURY: "Le dossier est prêt à être présenté au jury.",
  SUBMITTED_TO_JURY: "Le dossier est soumis au jury : en attente de sa décision.",
  CERTIFIED: "Le candidat est certifié : le parcours est terminé.",
  NOT_CERTIFIED: "Le jury n’a pas certifié le candidat.",
  ABANDONED: "Le dossier est abandonné.",
  EXPIRED: "Le délai est dépassé : une nouvelle évaluation préalable est nécessaire.",
};

function NextSteps({ dossier, onChanged }: { dossier: Dossier; onChanged: () => void }) {
  const { viewer } = useViewer();
  const navigate = useNavigate();
  const actions = availableActions(dossier, viewer);
  const startEvaluation = useMutationWithErrors(StartEvaluationMutation, (data) => data.startEvaluation, {
    succeeded: (payload) => Boolean(payload.evaluation),
  });
  const createPlan = useMutationWithErrors(CreateTrainingPlanMutation, (data) => data.createTrainingPlan, {
    succeeded: (payload) => Boolean(payload.trainingPlan),
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [abandoning, setAbandoning] = useState(false);
  const [transferring, setTransferring] = useState(false);

  async function onStart(kind: "INITIAL" | "FINAL") {
    setBusy(kind);
    setFailure(null);
    const outcome = await startEvaluation.run({ dossierId: dossier.id, kind });
    setBusy(null);
    if (!outcome.ok || !outcome.payload.evaluation) {
      setFailure(outcome.ok ? null : outcome.general.join(" ") || "L’évaluation n’a pas pu commencer.");
      onChanged();
      return;
    }
    void navigate(gridPath(outcome.payload.evaluation.id, dossier.id));
  }

  async function onBuildPlan() {
    setBusy("plan");
    setFailure(null);
    const outcome = await createPlan.run({ dossierId: dossier.id });
    setBusy(null);
    if (!outcome.ok) {
      setFailure(outcome.general.join(" ") || "Le plan de formation n’a pas pu être construit.");
      return;
    }
    void navigate(`/dossiers/${dossier.id}/plan`);
  }

  const none = !Object.entries(actions).some(([, value]) => Boolean(value));
  const note = STATUS_NOTES[dossier.status];
  const planMissing = dossier.status === "TRAINING" && !dossier.trainingPlan && !actions.buildPlan;

  return (
    <section aria-labelledby="etapes-titre">
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h3" id="etapes-titre">
            Prochaines étapes
          </Title>
          <FormAlert messages={[failure]} title="Action impossible" />
          {note && <Text>{note}</Text>}
          {planMissing && <Text>Le plan de formation n’est pas encore construit.</Text>}
          <Group gap="sm" data-testid="dossier-actions">
            {actions.startInitial && (
              <Button onClick={() => void onStart("INITIAL")} loading={busy === "INITIAL"}>
                Commencer l’évaluation préalable
              </Button>
            )}
            {actions.openEvaluation && (
              <Button component={Link} to={gridPath(actions.openEvaluation.id, dossier.id)}>
                Ouvrir la grille d’évaluation
              </Button>
            )}
            {actions.buildPlan && (
              <Button onClick={() => void onBuildPlan()} loading={busy === "plan"}>
                Construire le plan de formation
              </Button>
            )}
            {actions.editPlan && (
              <Button component={Link} to={`/dossiers/${dossier.id}/plan`} variant="default">
                Modifier le plan de formation
              </Button>
            )}
            {actions.viewPlan && (
              <Button component={Link} to={`/dossiers/${dossier.id}/plan`} variant="default">
                Voir le plan de formation
              </Button>
            )}
            {actions.startFinal && (
              <Button onClick={() => void onStart("FINAL")} loading={busy === "FINAL"}>
                Commencer l’évaluation finale
              </Button>
            )}
            {actions.transfer && (
              <Button variant="default" onClick={() => setTransferring(true)}>
                Transférer le dossier
              </Button>
            )}
            {actions.abandon && (
              <Button color="red.9" onClick={() => setAbandoning(true)}>
                Abandonner le dossier
              </Button>
            )}
          </Group>
          {none && !note && !planMissing && <Text>Aucune action possible avec vos rôles.</Text>}
        </Stack>
      </Paper>
      <AbandonDossierModal
        opened={abandoning}
        dossier={dossier}
        onClose={() => setAbandoning(false)}
        onDone={() => {
          setAbandoning(false);
          onChanged();
        }}
        onStale={onChanged}
      />
      <TransferDossierModal
        opened={transferring}
        dossier={dossier}
        onClose={() => setTransferring(false)}
        onStale={onChanged}
      />
    </section>
  );
}

function EvaluationsSection({
  dossier,
  titles,
  items,
}: {
  dossier: Dossier;
  titles: Map<string, string>;
  items: readonly FlatItem[] | null;
}) {
  const seen = new Map<string, number>();
  return (
    <section aria-labelledby="evaluations-titre">
      <Stack gap="sm">
        <Title order={2} size="h3" id="evaluations-titre">
          Évaluations
        </Title>
        {dossier.evaluations.length === 0 ? (
          <Text>Aucune évaluation pour l’instant.</Text>
        ) : (
          dossier.evaluations.map((evaluation) => {
            const n = (seen.get(evaluation.kind) ?? 0) + 1;
            seen.set(evaluation.kind, n);
            const title = `${EVALUATION_KIND_LABELS[evaluation.kind]}${n > 1 ? ` n°${n}` : ""}`;
            return (
              <EvaluationCard
                key={evaluation.id}
                title={title}
                evaluation={evaluation}
                dossierId={dossier.id}
                titles={titles}
                items={items}
              />
            );
          })
        )}
      </Stack>
    </section>
  );
}

function EvaluationCard({
  title,
  evaluation,
  dossierId,
  titles,
  items,
}: {
  title: string;
  evaluation: Evaluation;
  dossierId: string;
  titles: Map<string, string>;
  items: readonly FlatItem[] | null;
}) {
  const { viewer } = useViewer();
  const headingId = `evaluation-${evaluation.id}`;
  const outcome = parseOutcome(evaluation.outcome);
  const closed = evaluation.status === "CLOSED";
  return (
    <Paper
      component="section"
      withBorder
      p="md"
      aria-labelledby={headingId}
      data-evaluation={evaluation.id}
      data-kind={evaluation.kind}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="sm">
          <Title order={3} size="h4" id={headingId}>
            {title}
          </Title>
          <Anchor component={Link} to={gridPath(evaluation.id, dossierId)}>
            {closed ? "Voir la grille" : "Ouvrir la grille"}
            {" "}<VisuallyHidden>({title})</VisuallyHidden>
          </Anchor>
        </Group>
        <Text size="sm">
          {closed
            ? `Close le ${formatDay(evaluation.closedAt)}`
            : `En cours · ${evaluation.targetItems.length} items à évaluer · ${
                evaluation.sessions.length === 0
                  ? "aucune séance planifiée"
                  : evaluation.sessions.length === 1
                    ? "1 séance planifiée"
                    : `${evaluation.sessions.length} séances planifiées`
              }`}
        </Text>
        {closed && outcome && (
          <div data-testid="evaluation-outcome">
            {outcome.eligible ? (
              <Text fw={600}>Résultat : tout est acquis, le dossier peut aller au jury.</Text>
            ) : (
              <>
                <Text fw={600}>
                  Résultat :{" "}
                  {outcome.gaps.length === 1
                    ? "1 item non acquis"
                    : `${outcome.gaps.length} items non acquis`}
                </Text>
                <List size="sm" data-testid="evaluation-gaps">
                  {outcome.gaps.map((code) => (
                    <List.Item key={code}>{itemLabel(code, titles)}</List.Item>
                  ))}
                </List>
              </>
            )}
          </div>
        )}
        {closed && outcome && items && (
          <DomainBars
            rows={domainBars(items, outcome.mastery)}
            caption={evaluation.kind === "FINAL" ? "Critères acquis par domaine (préalable et finale)" : "Critères acquis par domaine"}
          />
        )}
        {closed && outcome && !outcome.eligible && (evaluation.partialAttestation || canStartEvaluation(viewer)) && (
          <PartialAttestation evaluationId={evaluation.id} issued={evaluation.partialAttestation ?? null} />
        )}
      </Stack>
    </Paper>
  );
}

interface IssuedAttestation {
  reference: string;
  downloadUrl: string;
  issuedAt: string;
}

/**
 * The attestation already issued (`Evaluation.partialAttestation`) with its PDF,
 * or "Délivrer l’attestation…" (issuing is idempotent).
 */
function PartialAttestation({ evaluationId, issued }: { evaluationId: string; issued: IssuedAttestation | null }) {
  const issue = useMutationWithErrors(IssuePartialAttestationMutation, (data) => data.issuePartialAttestation, {
    succeeded: (payload) => Boolean(payload.attestation),
  });
  const [justIssued, setAttestation] = useState<IssuedAttestation | null>(null);
  const attestation = justIssued ?? issued;

  async function onIssue() {
    const outcome = await issue.run({ evaluationId });
    if (outcome.ok) {
      setAttestation(outcome.payload.attestation!);
      return;
    }
    if (outcome.general.length === 0) issue.setGeneral(["L’attestation n’a pas pu être délivrée."]);
  }

  if (attestation) {
    return (
      <Stack gap={4} data-testid="partial-attestation" role="status">
        <Text size="sm">
          Attestation n° <strong>{attestation.reference}</strong> délivrée le {formatDay(attestation.issuedAt)}.
        </Text>
        <Anchor href={attestation.downloadUrl} fw={600} data-testid="attestation-download">
          Télécharger l’attestation (PDF)
        </Anchor>
      </Stack>
    );
  }
  return (
    <Stack gap="xs" align="flex-start">
      <FormAlert messages={[issue.general.join(" ")]} title="Attestation non délivrée" />
      <Button variant="default" onClick={() => void onIssue()} loading={issue.fetching}>
        Délivrer l’attestation des compétences acquises
      </Button>
    </Stack>
  );
}
