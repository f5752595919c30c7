import { Alert, Anchor, Breadcrumbs, Button, Group, Modal, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { formatDayTime, formatHours } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { DecisionBadge } from "./AgendaTable";
import { DecisionForm } from "./DecisionForm";
import {
  DeclareJuryConflictMutation,
  JuryAgendaQuery,
  JuryDossierQuery,
  JuryReferentielQuery,
  JurySessionQuery,
} from "./documents";
import { CombinedResults } from "./CombinedResults";
import { EvaluationResults } from "./EvaluationResults";
import { juryProblemTitle } from "./labels";
import { useCertifications } from "./useCertifications";

interface JuryDossierPageProps {
  /** "member": `/jury/…` (a member of the session); "secretary": Certif'Pro's `/plateforme/jury/…`. */
  mode: "member" | "secretary";
}

/**
 * One dossier of a session's agenda as the jury examines it: results per domain and item,
 * evaluations, training done; the decision form. A recused member sees the candidate's
 * name and the reason only, and no form.
 */
export function JuryDossierPage({ mode }: JuryDossierPageProps) {
  const { id: sessionId = "", dossierId = "" } = useParams();
  const { titleOf, scaleOf } = useCertifications();
  const [{ data: sessionData }, reexecuteSession] = useQuery({
    query: JurySessionQuery,
    variables: { id: sessionId },
    requestPolicy: "cache-and-network",
  });
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: JuryDossierQuery,
    variables: { sessionId, dossierId },
    requestPolicy: "network-only",
  });
  const [{ data: agendaData }, reexecuteAgenda] = useQuery({
    query: JuryAgendaQuery,
    variables: { sessionId },
    requestPolicy: "network-only",
  });
  const found = data?.juryDossier;
  const dossier = found?.__typename === "JuryDossier" ? found : null;
  const code = dossier?.certificationCode ?? "";
  const [{ data: referentielData }] = useQuery({
    query: JuryReferentielQuery,
    variables: { code },
    pause: !code || Boolean(dossier?.recusal),
  });
  const [conflictOpen, setConflictOpen] = useState(false);
  useDocumentTitle(pageTitle(dossier ? `Dossier · ${dossier.holderName}` : "Dossier du jury"));

  const foundSession = sessionData?.jurySession;
  const session = foundSession?.__typename === "JurySession" ? foundSession : null;
  const agenda = agendaData?.juryAgenda ?? [];
  const position = agenda.findIndex((e) => e.dossierId === dossierId);
  const entry = position >= 0 ? agenda[position] : null;
  const previous = position > 0 ? agenda[position - 1] : null;
  const next = position >= 0 && position < agenda.length - 1 ? agenda[position + 1] : null;
  const base = mode === "member" ? "/jury" : "/plateforme/jury/sessions";
  const sessionPath = mode === "member" ? `/jury/sessions/${sessionId}` : `/plateforme/jury/sessions/${sessionId}`;
  const refresh = () => {
    reexecute({ requestPolicy: "network-only" });
    reexecuteAgenda({ requestPolicy: "network-only" });
    reexecuteSession({ requestPolicy: "network-only" });
  };

  if (fetching && !data) return <LoadingState label="Chargement du dossier…" skeletons={3} />;
  if (error && !data) return <OperationError message="Impossible de charger le dossier." error={error} onRetry={refresh} />;
  if (!dossier) {
    return (
      <Stack gap="md">
        <Title order={1}>Dossier introuvable</Title>
        <Text>Ce dossier n’est pas à l’ordre du jour d’une de vos sessions.</Text>
        <Anchor component={Link} to={base}>
          {mode === "member" ? "Mes sessions de jury" : "Sessions de jury"}
        </Anchor>
      </Stack>
    );
  }

  const referentiel = referentielData?.referentiel;
  const items = referentiel?.__typename === "ReferentielVersion" ? referentiel.items : null;
  const status = session?.status;
  const decision = entry?.decision ?? null;
  const mayDecide = !dossier.recusal && status === "OPEN" && !decision?.frozen && !entry?.parityProblem;
  const recused = new Set(entry?.recusals.map((r) => r.memberId) ?? []);
  const panel = (session?.attendees ?? [])
    .filter((a) => a.present && !recused.has(a.memberId))
    .map((a) => ({ memberId: a.memberId, fullName: a.fullName, side: a.side }));

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Breadcrumbs component="nav" aria-label="Fil d’Ariane" separator="›">
          <Anchor component={Link} to={base}>
            {mode === "member" ? "Mes sessions de jury" : "Sessions de jury"}
          </Anchor>
          <Anchor component={Link} to={sessionPath}>
            {session?.title ?? "Session"}
          </Anchor>
          <Text span aria-current="page">
            {dossier.holderName}
          </Text>
        </Breadcrumbs>
        <Title order={1}>{dossier.holderName}</Title>
        {(previous || next) && (
          <Group component="nav" aria-label="Ordre du jour" justify="space-between" data-testid="agenda-neighbours">
            {previous ? (
              <Anchor component={Link} to={`${sessionPath}/dossiers/${previous.dossierId}`} size="sm">
                ← Dossier précédent : {previous.holderName}
              </Anchor>
            ) : (
              <span />
            )}
            {next && (
              <Anchor component={Link} to={`${sessionPath}/dossiers/${next.dossierId}`} size="sm">
                Dossier suivant : {next.holderName} →
              </Anchor>
            )}
          </Group>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Text size="sm">
            <strong>Certification :</strong> {titleOf(dossier.certificationCode)}
          </Text>
          <Text size="sm">
            <strong>Organisme évaluateur :</strong> {dossier.organisationName}
          </Text>
        </SimpleGrid>
      </Stack>

      {dossier.recusal ? (
        <Alert color="warning" variant="light" title="Vous êtes récusé(e) pour ce dossier" data-testid="recusal">
          <Stack gap={4}>
            <Text size="sm">{dossier.recusal}</Text>
            <Text size="sm">
              Vous ne voyez que le nom du candidat et ne prenez pas part à la décision sur ce dossier.
            </Text>
          </Stack>
        </Alert>
      ) : (
        <>
          <section aria-labelledby="training-heading">
            <Stack gap="xs">
              <Title order={2} size="h3" id="training-heading">
                Formation suivie
              </Title>
              {dossier.trainingOrganisation ? (
                <Text size="sm" data-testid="training-summary">
                  {dossier.trainingOrganisation} : {formatHours(dossier.trainingHoursDone)} réalisées sur{" "}
                  {formatHours(dossier.trainingHoursPlanned)} prévues.
                </Text>
              ) : (
                <Text size="sm" data-testid="training-summary">
                  Pas de formation : tout était acquis dès l’évaluation préalable.
                </Text>
              )}
            </Stack>
          </section>
          <section aria-labelledby="evaluations-heading">
            <Stack gap="md">
              <Title order={2} size="h3" id="evaluations-heading">
                Évaluations
              </Title>
              {dossier.combined && <CombinedResults combined={dossier.combined} />}
              {dossier.evaluations.length === 0 ? (
                <Text size="sm">Aucune évaluation close.</Text>
              ) : !items ? (
                <LoadingState label="Chargement du référentiel…" />
              ) : (
                dossier.evaluations.map((evaluation, index) => (
                  <EvaluationResults
                    key={`${evaluation.kind}-${index}`}
                    evaluation={evaluation}
                    items={items}
                    scale={scaleOf(dossier.certificationCode)}
                  />
                ))
              )}
            </Stack>
          </section>
        </>
      )}

      {/* Declared before deciding: a member who knows the candidate is recused, not outvoted. */}
      {mode === "member" && !dossier.recusal && status !== "CLOSED" && (
        <section aria-labelledby="conflict-heading">
          <Stack gap="xs">
            <Title order={2} size="h3" id="conflict-heading">
              Conflit d’intérêts
            </Title>
            <Text size="sm">
              Si vous connaissez le candidat ou l’un des organismes qui l’ont évalué ou formé, déclarez-le : vous serez
              récusé(e) pour ce dossier.
            </Text>
            <Button variant="default" onClick={() => setConflictOpen(true)} style={{ alignSelf: "flex-start" }}>
              Déclarer un conflit d’intérêts
            </Button>
          </Stack>
        </section>
      )}
      <section aria-labelledby="decision-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="decision-heading">
            Décision
          </Title>
          {decision && (decision.frozen || !mayDecide) && (
            <Group gap="xs" data-testid="recorded-decision">
              <DecisionBadge decision={decision} />
              <Text size="sm">
                {decision.frozen ? "Décision définitive" : "Décision enregistrée"} le {formatDayTime(decision.decidedAt)}
                {decision.reason ? ` — ${decision.reason}` : ""}
                {decision.recordedBy ? ` (enregistrée par ${decision.recordedBy})` : ""}
              </Text>
            </Group>
          )}
          {entry?.parityProblem && !decision && (
            <Alert color="red" variant="light" role="note" title="Dossier non décidable" data-testid="dossier-parity">
              <Text size="sm">{entry.parityProblem}</Text>
            </Alert>
          )}
          {dossier.recusal ? (
            <Text size="sm">Récusé(e), vous ne votez pas sur ce dossier.</Text>
          ) : mayDecide && !agendaData ? (
            <LoadingState label="Chargement de la décision…" />
          ) : mayDecide ? (
            <DecisionForm
              sessionId={sessionId}
              dossierId={dossierId}
              current={decision}
              panel={panel}
              interviews={session?.interviews ?? false}
              onDone={() => reexecuteAgenda({ requestPolicy: "network-only" })}
            />
          ) : status === "CONVENED" ? (
            <Text size="sm">Les décisions se prennent une fois la session ouverte.</Text>
          ) : status === "CLOSED" && !decision ? (
            <Text size="sm">Session close sans décision sur ce dossier.</Text>
          ) : null}
        </Stack>
      </section>

      <ConflictModal
        opened={conflictOpen}
        sessionId={sessionId}
        dossierId={dossierId}
        onClose={() => setConflictOpen(false)}
        onDeclared={() => {
          setConflictOpen(false);
          refresh();
        }}
      />
    </Stack>
  );
}

interface ConflictModalProps {
  opened: boolean;
  sessionId: string;
  dossierId: string;
  onClose: () => void;
  onDeclared: () => void;
}

function ConflictModal({ opened, sessionId, dossierId, onClose, onDeclared }: ConflictModalProps) {
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const declare = useMutationWithErrors(DeclareJuryConflictMutation, (data) => data.declareJuryConflict);
  // The refusal's first code names the alert (a top-level error has none).
  const [refusedCode, setRefusedCode] = useState<string | undefined>(undefined);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    declare.setGeneral([]);
    if (!reason.trim()) {
      setFieldError("Indiquez la nature du conflit.");
      return;
    }
    const outcome = await declare.run({ sessionId, dossierId, reason: reason.trim() });
    // Declared unless refused (an answer without payload counts as declared).
    if (!outcome.ok && outcome.general.length > 0) {
      setRefusedCode(outcome.payload?.errors[0]?.code);
      return;
    }
    setReason("");
    onDeclared();
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Déclarer un conflit d’intérêts" centered>
      <form onSubmit={onSubmit} noValidate aria-label="Déclaration de conflit d’intérêts">
        <Stack gap="sm">
          <FormAlert
            messages={[declare.general.join(" ")]}
            title={juryProblemTitle(refusedCode, "Déclaration impossible")}
          />
          <Textarea
            label="Nature du conflit"
            description="Elle figure au procès-verbal de la session."
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setFieldError(null);
            }}
            error={fieldError}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={declare.fetching}>
              Déclarer le conflit
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
