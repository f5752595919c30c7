import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  List,
  Modal,
  Progress,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { ConfirmModal } from "../components/ConfirmModal";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import type { JurySessionFieldsFragment } from "../gql/graphql";
import type { PayloadError } from "../graphql/errors";
import { type MutationOutcome, useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { AgendaTable, type AgendaEntry } from "./AgendaTable";
import { DecisionForm } from "./DecisionForm";
import {
  CloseJurySessionMutation,
  InviteJuryMemberMutation,
  JuryAgendaQuery,
  JuryMembersQuery,
  JurySessionQuery,
  OpenJurySessionMutation,
  RecordJuryAttendanceMutation,
  RemoveFromJuryAgendaMutation,
  RetryCertificateIssuanceMutation,
} from "./documents";
import { juryProblemTitle, SIDE_SHORT_LABELS } from "./labels";
import { ParityIndicator } from "./ParityIndicator";
import { ReadyPool } from "./ReadyPool";
import { SessionSummary } from "./SessionSummary";
import { useCertifications } from "./useCertifications";

/** Issuance progress is asked again this often while certificates are being issued. */
export const ISSUANCE_POLL_MS = 1500;
/** …and at most this many times in a row (then "Actualiser" or "Relancer"). */
const ISSUANCE_POLL_LIMIT = 80;

interface Refusal {
  title: string;
  message: string;
}

type SessionPayload = {
  session?: JurySessionFieldsFragment | null;
  errors: readonly PayloadError[];
};

/**
 * `/plateforme/jury/sessions/:id` (Certif'Pro admin): attendance and parity, opening,
 * the agenda and its pool, decisions, closing, certificate issuance and the minutes.
 */
export function JurySessionPage() {
  const { id = "" } = useParams();
  const location = useLocation();
  const { titleOf } = useCertifications();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: JurySessionQuery,
    variables: { id },
    requestPolicy: "cache-and-network",
  });
  const [{ data: agendaData, error: agendaError }, reexecuteAgenda] = useQuery({
    query: JuryAgendaQuery,
    variables: { sessionId: id },
    requestPolicy: "cache-and-network",
  });
  const [session, setSession] = useState<JurySessionFieldsFragment | null>(null);
  useEffect(() => {
    if (data?.jurySession?.__typename === "JurySession") setSession(data.jurySession);
  }, [data]);
  useDocumentTitle(pageTitle(session ? `Session · ${session.title}` : "Session de jury"));

  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [notice, setNotice] = useState<string | null>(
    convenedNotice((location.state as { convened?: number | boolean } | null)?.convened),
  );
  const [closing, setClosing] = useState(false);
  const [removing, setRemoving] = useState<AgendaEntry | null>(null);
  const [amending, setAmending] = useState<AgendaEntry | null>(null);
  /** Attendance being recorded: shown at once, confirmed (or undone) by the API's answer. */
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const recordAttendance = useMutationWithErrors(RecordJuryAttendanceMutation, (d) => d.recordJuryAttendance);
  const openSession = useMutationWithErrors(OpenJurySessionMutation, (d) => d.openJurySession);
  const closeSession = useMutationWithErrors(CloseJurySessionMutation, (d) => d.closeJurySession);
  const retryIssuance = useMutationWithErrors(RetryCertificateIssuanceMutation, (d) => d.retryCertificateIssuance);
  const removeFromAgenda = useMutationWithErrors(RemoveFromJuryAgendaMutation, (d) => d.removeFromJuryAgenda);

  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const refetchAgenda = () => reexecuteAgenda({ requestPolicy: "network-only" });

  /** Applies a session mutation's outcome; returns true when it went through. */
  function applied(outcome: MutationOutcome<SessionPayload, never>, fallback: string): boolean {
    if (outcome.ok) {
      if (outcome.payload.session) setSession(outcome.payload.session);
      return true;
    }
    if (outcome.general.length > 0) {
      // The first problem's code names the refusal ("Parité non atteinte"…), else the action does.
      setRefusal({
        title: juryProblemTitle(outcome.payload?.errors[0]?.code, fallback),
        message: outcome.general.join(" "),
      });
    }
    return false;
  }

  async function onAttendance(memberId: string, present: boolean) {
    setRefusal(null);
    setNotice(null);
    setPending((current) => ({ ...current, [memberId]: present }));
    applied(await recordAttendance.run({ sessionId: id, memberId, present }), "Présence non enregistrée");
    setPending(({ [memberId]: _done, ...others }) => others);
  }

  async function onOpen() {
    setRefusal(null);
    setNotice(null);
    if (applied(await openSession.run({ id }), "Ouverture impossible")) {
      setNotice("La session est ouverte : les membres présents peuvent décider.");
    }
  }

  async function onClose() {
    setRefusal(null);
    setNotice(null);
    const outcome = await closeSession.run({ id });
    setClosing(false);
    if (applied(outcome, "Clôture impossible")) {
      setNotice("La session est close : les décisions sont définitives ; les certificats sont en cours d’émission.");
      refetchAgenda();
    }
  }

  async function onRetry() {
    setRefusal(null);
    applied(await retryIssuance.run({ id }), "Émission impossible");
  }

  async function onRemove(entry: AgendaEntry) {
    setRefusal(null);
    const outcome = await removeFromAgenda.run({ sessionId: id, dossierId: entry.dossierId });
    setRemoving(null);
    if (applied(outcome, "Retrait impossible")) {
      setNotice(`${entry.holderName} est retiré(e) de l’ordre du jour (dossier de nouveau « prêt pour le jury »).`);
      refetchAgenda();
    }
  }

  // Issuance runs in the background after closing: ask for progress until it is done.
  const issuing = session !== null && isIssuing(session);
  const polls = useRef(0);
  useEffect(() => {
    if (!issuing) {
      polls.current = 0;
      return;
    }
    const timer = window.setInterval(() => {
      polls.current += 1;
      if (polls.current > ISSUANCE_POLL_LIMIT) {
        window.clearInterval(timer);
        return;
      }
      reexecute({ requestPolicy: "network-only" });
    }, ISSUANCE_POLL_MS);
    return () => window.clearInterval(timer);
  }, [issuing, reexecute]);

  if (fetching && !data && !session) return <LoadingState label="Chargement de la session…" skeletons={2} />;
  if (error && !data && !session) {
    return <OperationError message="Impossible de charger la session." error={error} onRetry={refetch} />;
  }
  if (!session) {
    return (
      <Stack gap="md">
        <Title order={1}>Session introuvable</Title>
        <Anchor component={Link} to="/plateforme/jury/sessions">
          Retour aux sessions de jury
        </Anchor>
      </Stack>
    );
  }

  const entries = agendaData?.juryAgenda ?? [];
  const closed = session.status === "CLOSED";
  const undecided = entries.filter((entry) => !entry.decision).length;

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Breadcrumbs component="nav" aria-label="Fil d’Ariane" separator="›">
          <Anchor component={Link} to="/plateforme/jury/sessions">
            Sessions de jury
          </Anchor>
          <Text span aria-current="page">
            {session.title}
          </Text>
        </Breadcrumbs>
        <Title order={1}>{session.title}</Title>
        <SessionSummary session={session} titleOf={titleOf} />
        {notice && (
          <Alert color="green" variant="light" role="status" title="C’est fait" data-testid="session-notice">
            <Text size="sm">{notice}</Text>
          </Alert>
        )}
        {refusal && (
          <Alert color="red" variant="light" role="alert" title={refusal.title} data-testid="session-error">
            <Text size="sm">{refusal.message}</Text>
          </Alert>
        )}
        <Group gap="sm" data-testid="session-actions">
          {session.status === "CONVENED" && (
            <Button
              onClick={() => void onOpen()}
              loading={openSession.fetching}
              disabled={Boolean(session.parityProblem)}
              aria-describedby={session.parityProblem ? "open-blocked" : undefined}
            >
              Ouvrir la session
            </Button>
          )}
          {session.status === "CONVENED" && session.parityProblem && (
            <Text size="sm" id="open-blocked" data-testid="open-blocked">
              Ouverture impossible : {session.parityProblem}
            </Text>
          )}
          {session.status === "OPEN" && (
            <Button color="red.9" onClick={() => setClosing(true)}>
              Clore la session
            </Button>
          )}
          {session.minutesUrl && (
            <Button component="a" href={session.minutesUrl} variant="default" data-testid="minutes-link">
              Procès-verbal (PDF)
            </Button>
          )}
          {session.minutesDocuments
            .filter((document) => document.kind === "APPENDIX")
            .map((document) => (
              <Button
                key={document.number}
                component="a"
                href={document.url}
                variant="default"
                data-testid="appendix-link"
                title={`SHA-256 ${document.sha256}`}
              >
                Annexe n° {document.number} (PDF)
              </Button>
            ))}
        </Group>
      </Stack>

      <AttendanceSection
        session={session}
        pending={pending}
        onToggle={(memberId, present) => void onAttendance(memberId, present)}
        onInvited={(updated) => setSession(updated)}
      />

      {closed && (
        <IssuanceSection
          session={session}
          holderOf={(dossierId) => entries.find((entry) => entry.dossierId === dossierId)?.holderName ?? null}
          issuing={issuing}
          retrying={retryIssuance.fetching}
          onRetry={() => void onRetry()}
          onRefresh={refetch}
        />
      )}

      <section aria-labelledby="agenda-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="agenda-heading">
            Ordre du jour
          </Title>
          {agendaError && !agendaData ? (
            <OperationError message="Impossible de charger l’ordre du jour." error={agendaError} onRetry={refetchAgenda} />
          ) : entries.length === 0 ? (
            <Text data-testid="agenda-empty">Aucun dossier à l’ordre du jour.</Text>
          ) : (
            <>
              <Text size="sm">
                {entries.length} dossier{entries.length > 1 ? "s" : ""} ;{" "}
                {undecided === 0 ? "tous décidés" : `${undecided} sans décision`}. Le secrétaire de séance peut
                enregistrer une décision depuis le dossier.
              </Text>
              <AgendaTable
                session={session}
                entries={entries}
                titleOf={titleOf}
                dossierPath={(dossierId) => `/plateforme/jury/sessions/${session.id}/dossiers/${dossierId}`}
                mode="secretary"
                onRemove={setRemoving}
                onAmend={setAmending}
              />
            </>
          )}
        </Stack>
      </section>

      {!closed && (
        <ReadyPool
          sessionId={session.id}
          certificationCodes={session.certificationCodes}
          region={session.region}
          titleOf={titleOf}
          onAdded={refetchAgenda}
        />
      )}

      <ConfirmModal
        opened={closing}
        title="Clore la session"
        confirmLabel="Clore définitivement"
        loading={closeSession.fetching}
        onConfirm={() => void onClose()}
        onCancel={() => setClosing(false)}
      >
        <Text size="sm">
          Les décisions deviennent définitives et s’appliquent aux dossiers ; les certificats des dossiers certifiés
          sont émis. Une correction ultérieure passera par une rectification motivée.
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={removing !== null}
        title="Retirer de l’ordre du jour"
        confirmLabel="Retirer le dossier"
        loading={removeFromAgenda.fetching}
        onConfirm={() => removing && void onRemove(removing)}
        onCancel={() => setRemoving(null)}
      >
        <Text size="sm">
          Le dossier de {removing?.holderName} redevient « prêt pour le jury » ; sa décision éventuelle est effacée.
        </Text>
      </ConfirmModal>
      <Modal
        opened={amending !== null}
        onClose={() => setAmending(null)}
        title={amending ? `Rectifier la décision sur ${amending.holderName}` : ""}
        size="lg"
      >
        {amending?.decision && (
          <DecisionForm
            sessionId={session.id}
            dossierId={amending.dossierId}
            amending={amending.amendments.at(-1) ?? amending.decision}
            label="Rectification de la décision"
            onDone={refetchAgenda}
          />
        )}
      </Modal>
    </Stack>
  );
}

/** What the convening page hands over: how many members received a convocation. */
export function convenedNotice(convened: number | boolean | undefined): string | null {
  if (typeof convened !== "number") return null;
  return `La session est convoquée : ${convened} membre${convened > 1 ? "s ont" : " a"} reçu sa convocation par e-mail, avec l’invitation à ajouter à l’agenda.`;
}

interface AttendanceSectionProps {
  session: JurySessionFieldsFragment;
  pending: Readonly<Record<string, boolean>>;
  onToggle: (memberId: string, present: boolean) => void;
  onInvited: (session: JurySessionFieldsFragment) => void;
}

function AttendanceSection({ session, pending, onToggle, onInvited }: AttendanceSectionProps) {
  const closed = session.status === "CLOSED";
  const waiting = Object.keys(pending).length > 0;
  const attendees = session.attendees.map((attendee) =>
    attendee.memberId in pending ? { ...attendee, present: Boolean(pending[attendee.memberId]) } : attendee,
  );
  return (
    <section aria-labelledby="attendance-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="attendance-heading">
          Présences
        </Title>
        <ParityIndicator attendees={attendees} parityProblem={waiting ? undefined : session.parityProblem} />
        {attendees.length === 0 ? (
          <Text>Aucun membre convoqué.</Text>
        ) : (
          <TableScroll minWidth={560} label="Membres convoqués">
            <Table striped withTableBorder aria-label="Membres convoqués" data-testid="attendance-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Membre</Table.Th>
                  <Table.Th scope="col">Collège</Table.Th>
                  <Table.Th scope="col">Organisation représentée</Table.Th>
                  <Table.Th scope="col">Présence</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {attendees.map((attendee) => (
                  <Table.Tr key={attendee.memberId} data-attendee={attendee.fullName}>
                    <Table.Td>{attendee.fullName}</Table.Td>
                    <Table.Td>{SIDE_SHORT_LABELS[attendee.side]}</Table.Td>
                    <Table.Td>{attendee.body}</Table.Td>
                    <Table.Td>
                      <Switch
                        aria-label={`Présence de ${attendee.fullName}`}
                        label={attendee.present ? "Présent(e)" : "Absent(e)"}
                        checked={attendee.present}
                        disabled={closed || attendee.memberId in pending}
                        onChange={(event) => onToggle(attendee.memberId, event.currentTarget.checked)}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
        {!closed && <InviteMember session={session} onInvited={onInvited} />}
      </Stack>
    </section>
  );
}

function InviteMember({ session, onInvited }: { session: JurySessionFieldsFragment; onInvited: AttendanceSectionProps["onInvited"] }) {
  const [{ data }] = useQuery({ query: JuryMembersQuery, variables: { region: session.region, certificationCode: null } });
  const [memberId, setMemberId] = useState<string | null>(null);
  const invite = useMutationWithErrors(InviteJuryMemberMutation, (d) => d.inviteJuryMember);
  const invited = new Set(session.attendees.map((a) => a.memberId));
  const options = (data?.juryMembers ?? [])
    .filter(
      (m) => m.active && !invited.has(m.id) && m.certificationCodes.some((c) => session.certificationCodes.includes(c)),
    )
    .map((m) => ({ value: m.id, label: `${m.fullName} — ${SIDE_SHORT_LABELS[m.side]} (${m.body})` }));
  if (options.length === 0) return null;

  async function onInvite() {
    if (!memberId) return;
    const outcome = await invite.run({ sessionId: session.id, memberId });
    if (!outcome.ok) return;
    if (outcome.payload.session) onInvited(outcome.payload.session);
    setMemberId(null);
  }

  return (
    <Group gap="sm" align="flex-end">
      <Select
        label="Convoquer un autre membre"
        placeholder="Membre du vivier"
        data={options}
        value={memberId}
        onChange={setMemberId}
        searchable
        comboboxProps={{ withinPortal: true }}
        miw={320}
        error={invite.general.join(" ") || null}
      />
      <Button variant="default" onClick={() => void onInvite()} loading={invite.fetching} disabled={!memberId}>
        Convoquer
      </Button>
    </Group>
  );
}

/**
 * Whether the certificates of a closed session are being issued: the job is queued or
 * running (`issuanceStatus`); without it, certificates are missing and no run has failed.
 */
export function isIssuing(session: JurySessionFieldsFragment): boolean {
  if (session.status !== "CLOSED") return false;
  if (session.issuanceStatus) return session.issuanceStatus === "PENDING" || session.issuanceStatus === "RUNNING";
  return session.certificatesIssued < session.certificatesTotal && !session.issuanceError;
}

interface IssuanceSectionProps {
  session: JurySessionFieldsFragment;
  /** The candidate's name of a dossier on the agenda, to name failures. */
  holderOf: (dossierId: string) => string | null;
  issuing: boolean;
  retrying: boolean;
  onRetry: () => void;
  onRefresh: () => void;
}

function IssuanceSection({ session, holderOf, issuing, retrying, onRetry, onRefresh }: IssuanceSectionProps) {
  const { certificatesIssued: issued, certificatesTotal: total, issuanceError, issuanceFailures: failures } = session;
  const done = issued >= total;
  const failed = failures.length > 0 || Boolean(issuanceError);
  const stage =
    done || !issuing ? "" : session.issuanceStatus === "PENDING" ? " Émission en attente…" : " Émission en cours…";
  const percent = total === 0 ? 100 : Math.round((issued / total) * 100);
  const summary =
    total === 0
      ? "Aucun certificat à émettre (aucun dossier certifié)."
      : `${issued} certificat${issued > 1 ? "s" : ""} émis sur ${total}.`;
  return (
    <section aria-labelledby="issuance-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="issuance-heading">
          Émission des certificats
        </Title>
        <Progress
          value={percent}
          size="lg"
          color={failed ? "red.9" : done ? "#1e6b30" : "blue.9"}
          aria-label="Certificats émis"
          striped={issuing}
          animated={issuing}
        />
        <Text
          size="sm"
          role="status"
          aria-live="polite"
          data-testid="issuance-progress"
          data-issued={issued}
          data-total={total}
          data-done={done ? "true" : "false"}
        >
          {summary}
          {stage}
        </Text>
        {failed && (
          <Alert
            color="red"
            variant="light"
            role="alert"
            title="Des certificats n’ont pas pu être émis"
            data-testid="issuance-failures"
          >
            {failures.length > 0 ? (
              <List size="sm" spacing={2}>
                {failures.map((failure) => (
                  <List.Item key={failure.dossierId} data-dossier={failure.dossierId}>
                    {holderOf(failure.dossierId) ?? "Dossier inconnu"} : {failure.message}
                  </List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm" style={{ whiteSpace: "pre-line" }}>
                {issuanceError}
              </Text>
            )}
            <Text size="sm" mt="xs">
              Les autres certificats sont émis. Corrigez la cause si elle est indiquée, puis relancez l’émission :
              seuls les certificats manquants seront émis.
            </Text>
          </Alert>
        )}
        <Group gap="sm">
          {!done && !issuing && (
            <Button variant="default" onClick={onRetry} loading={retrying}>
              Relancer l’émission des certificats
            </Button>
          )}
          {!done && (
            <Button variant="default" onClick={onRefresh}>
              Actualiser
            </Button>
          )}
          {done && total > 0 && (
            <Anchor component={Link} to="/plateforme/certificats">
              Voir les certificats
            </Anchor>
          )}
        </Group>
      </Stack>
    </section>
  );
}
