import { Alert, Anchor, Button, Group, Modal, Stack, Text, Textarea, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useCallback, useEffect, useId, useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import type { ApplicationFieldsFragment } from "../gql/graphql";
import { refusalOf, useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { AcceptDecisionForm, type AcceptanceInput } from "./AcceptDecisionForm";
import { ApplicationSummary, ApplicationTimeline, MissingChecklist } from "./ApplicationParts";
import { AcceptApplicationMutation, RejectApplicationMutation, RequestApplicationComplementMutation, StartApplicationReviewMutation } from "./reviewDocuments";
import { ApplicationQuery } from "./documents";
import { formatEuros } from "./labels";
import { ApplicationStatusBadge } from "./StatusBadges";
import { useCertificationTitles } from "./useCertificationTitles";

type Application = ApplicationFieldsFragment;
type Dialog = "complement" | "accept" | "reject" | null;

/** `/plateforme/candidatures/:id` (Certif'Pro admin): the review screen. */
export function ApplicationReviewPage() {
  const { id = "" } = useParams();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ApplicationQuery, variables: { id } });
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const found = data?.application;
  const application = found?.__typename === "Application" ? found : null;
  const { titleOf } = useCertificationTitles();
  useDocumentTitle(pageTitle(application ? `Instruction · ${application.organisationName}` : "Instruction"));

  if (fetching && !data) return <LoadingState label="Chargement de la candidature…" />;
  if (error && !data) {
    return <OperationError message="Impossible de charger la candidature." error={error} onRetry={refetch} />;
  }
  if (!application) {
    return (
      <Alert color="red" variant="light" title="Candidature introuvable" role="alert">
        <Anchor component={Link} to="/plateforme/candidatures">
          Retour aux candidatures
        </Anchor>
      </Alert>
    );
  }
  const campaign = application.campaign;
  return (
    <Stack gap="xl">
      <div>
        <Anchor component={Link} to="/plateforme/candidatures" size="sm">
          ← Candidatures
        </Anchor>
        <Title order={1} mt="xs">
          Candidature de {application.organisationName}
        </Title>
        <Group gap="sm" mt="xs">
          <ApplicationStatusBadge status={application.status} />
          <Text size="sm">
            {campaign.title} · {campaign.certificationCodes.map(titleOf).join(", ")} · habilitation du{" "}
            {formatDay(campaign.accreditationStartsOn)} au {formatDay(campaign.accreditationEndsOn)} ·{" "}
            {formatEuros(campaign.applicationFeeCents)} + {formatEuros(campaign.siteFeeCents)} par établissement
          </Text>
        </Group>
      </div>
      <ReviewActions application={application} onChanged={refetch} />
      <MissingChecklist missing={application.missing} title="Points de contrôle" />
      <ApplicationSummary application={application} />
      <ApplicationTimeline application={application} />
    </Stack>
  );
}

function ReviewActions({ application, onChanged }: { application: Application; onChanged: () => void }) {
  const headingId = useId();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const startReview = useMutationWithErrors(StartApplicationReviewMutation, (d) => d.startApplicationReview);
  const requestComplement = useMutationWithErrors(
    RequestApplicationComplementMutation,
    (d) => d.requestApplicationComplement,
  );
  const accept = useMutationWithErrors(AcceptApplicationMutation, (d) => d.acceptApplication);
  const reject = useMutationWithErrors(RejectApplicationMutation, (d) => d.rejectApplication);

  async function onStart() {
    setFailure(null);
    const problem = refusalOf(await startReview.run({ applicationId: application.id }));
    if (problem) setFailure(problem);
    else {
      setDone("Vous instruisez cette candidature.");
      onChanged();
    }
  }

  async function onComplement(message: string): Promise<string | null> {
    const problem = refusalOf(await requestComplement.run({ applicationId: application.id, message }));
    if (!problem) {
      setDialog(null);
      setDone("La demande de complément a été envoyée au candidat.");
      onChanged();
    }
    return problem;
  }

  async function onReject(message: string): Promise<string | null> {
    const problem = refusalOf(await reject.run({ applicationId: application.id, message }));
    if (!problem) {
      setDialog(null);
      setDone("La candidature est refusée ; le candidat en est informé.");
      onChanged();
    }
    return problem;
  }

  const [acceptError, setAcceptError] = useState<string | null>(null);
  async function onAccept(input: AcceptanceInput) {
    setAcceptError(null);
    const problem = refusalOf(await accept.run({ applicationId: application.id, ...input }));
    if (problem) {
      setAcceptError(problem);
      return;
    }
    setDialog(null);
    setDone("La candidature est acceptée : les habilitations sont accordées.");
    onChanged();
  }

  return (
    <section aria-labelledby={headingId} data-testid="review-actions">
      <Title order={2} size="h3" id={headingId} mb="sm">
        Décision
      </Title>
      <Stack gap="sm">
        {done && (
          <Alert color="green" variant="light" role="status" title="C’est fait">
            <Text size="sm">{done}</Text>
          </Alert>
        )}
        <FormAlert messages={[failure]} title="Action impossible" />
        {application.status === "DRAFT" && <Text>Brouillon : le candidat n’a pas encore déposé sa candidature.</Text>}
        {application.status === "SUBMITTED" && (
          <Group>
            <Button onClick={() => void onStart()} loading={startReview.fetching}>
              Prendre en charge
            </Button>
            <Text size="sm">Vous devenez l’instructeur de cette candidature.</Text>
          </Group>
        )}
        {application.status === "UNDER_REVIEW" && (
          <Group gap="sm">
            <Button variant="default" onClick={() => setDialog("complement")}>
              Demander un complément
            </Button>
            <Button color="#1e6b30" onClick={() => { setAcceptError(null); setDialog("accept"); }}>
              Accepter
            </Button>
            <Button color="red.9" onClick={() => setDialog("reject")}>
              Refuser
            </Button>
          </Group>
        )}
        {application.status === "COMPLEMENT_REQUESTED" && (
          <Text>
            Complément demandé : en attente d’un nouveau dépôt du candidat.
            {application.message ? ` Demande : « ${application.message} »` : ""}
          </Text>
        )}
        {application.status === "ACCEPTED" && (
          <Text>
            Acceptée le {formatDay(application.decidedAt)}.{application.message ? ` Message : ${application.message}` : ""}
          </Text>
        )}
        {application.status === "REJECTED" && (
          <Text style={{ whiteSpace: "pre-line" }}>
            Refusée le {formatDay(application.decidedAt)}. Motifs : {application.message}
          </Text>
        )}
      </Stack>
      <MessageModal
        opened={dialog === "complement"}
        title="Demander un complément"
        label="Compléments attendus"
        description="Envoyé par e-mail au candidat, qui pourra modifier puis déposer à nouveau sa candidature."
        requiredMessage="Précisez les compléments attendus."
        confirmLabel="Envoyer la demande"
        loading={requestComplement.fetching}
        onConfirm={onComplement}
        onClose={() => setDialog(null)}
      />
      <MessageModal
        opened={dialog === "reject"}
        title="Refuser la candidature"
        label="Motifs du refus"
        description="Obligatoires : ils sont communiqués au candidat."
        requiredMessage="Indiquez les motifs du refus."
        confirmLabel="Refuser la candidature"
        confirmColor="red.9"
        loading={reject.fetching}
        onConfirm={onReject}
        onClose={() => setDialog(null)}
      />
      <Modal opened={dialog === "accept"} onClose={() => setDialog(null)} title="Accepter la candidature" size="lg" centered>
        <AcceptDecisionForm
          sites={application.sites}
          onAccept={(input) => void onAccept(input)}
          onCancel={() => setDialog(null)}
          submitting={accept.fetching}
          error={acceptError}
        />
      </Modal>
    </section>
  );
}

interface MessageModalProps {
  opened: boolean;
  title: string;
  label: string;
  description: string;
  requiredMessage: string;
  confirmLabel: string;
  confirmColor?: string;
  loading: boolean;
  /** Resolves to an error message, or null when done. */
  onConfirm: (message: string) => Promise<string | null>;
  onClose: () => void;
}

/** A mandatory message (complement request, reasons of a refusal). */
export function MessageModal({
  opened,
  title,
  label,
  description,
  requiredMessage,
  confirmLabel,
  confirmColor,
  loading,
  onConfirm,
  onClose,
}: MessageModalProps) {
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  useEffect(() => {
    if (opened) {
      setMessage("");
      setError(null);
      setGeneral(null);
    }
  }, [opened]);

  async function onSubmit() {
    if (!message.trim()) {
      setError(requiredMessage);
      return;
    }
    const problem = await onConfirm(message.trim());
    if (problem) setGeneral(problem);
  }

  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack gap="md">
        <FormAlert messages={[general]} title="Action impossible" />
        <Textarea
          label={label}
          description={description}
          value={message}
          onChange={(event) => {
            setMessage(event.currentTarget.value);
            setError(null);
          }}
          error={error}
          required
          autosize
          minRows={3}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button color={confirmColor} onClick={() => void onSubmit()} loading={loading}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
