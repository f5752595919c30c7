import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Text, Textarea, Title, VisuallyHidden } from "@mantine/core";
import { useId, useState, type ChangeEvent } from "react";
import { useQuery } from "urql";
import { FormAlert } from "../components/FormAlert";
import { formatDay, formatDayTime } from "../components/format";
import type { ControlProcedureFieldsFragment } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { MyControlProceduresQuery, ReplyToControlProcedureMutation } from "./controlDocuments";
import { putPdf } from "./upload";

export const CONTROL_STATUS_LABELS: Record<string, string> = {
  AWAITING_REPLY: "En attente de réponse",
  REPLIED: "Réponse transmise",
  DECIDED: "Décision rendue",
};

/** A procedure's decision, as both sides read it. */
export function ControlOutcome({ procedure }: { procedure: ControlProcedureFieldsFragment }) {
  if (!procedure.outcome) return null;
  return (
    <Alert
      color={procedure.outcome === "CLOSED" ? "teal" : procedure.outcome === "WARNING" ? "yellow" : "red"}
      variant="light"
      title={`Décision : ${procedure.outcomeLabel}`}
      data-testid="control-outcome"
    >
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
        {procedure.outcomeReason}
      </Text>
      {procedure.suspendedUntil && (
        <Text size="sm" mt="xs">
          Suspension jusqu’au {formatDay(procedure.suspendedUntil)} inclus
          {procedure.certificationCodes.length > 0 && ` : ${procedure.certificationCodes.join(", ")}`}.
          Aucun nouveau dossier ne peut être ouvert ; les dossiers en cours peuvent être menés à leur terme
          ou transférés.
        </Text>
      )}
      {procedure.outcome === "WITHDRAWAL" && procedure.certificationCodes.length > 0 && (
        <Text size="sm" mt="xs">
          Habilitations retirées : {procedure.certificationCodes.join(", ")}.
        </Text>
      )}
    </Alert>
  );
}

/** The reply's PDFs, as links. */
export function ControlDocumentsList({ procedure }: { procedure: ControlProcedureFieldsFragment }) {
  if (procedure.documents.length === 0) return <Text size="sm">Aucune pièce jointe.</Text>;
  return (
    <List size="sm">
      {procedure.documents.map((document) => (
        <List.Item key={document.id}>
          <Anchor href={document.url} target="_blank" rel="noopener">
            {document.filename}
            <VisuallyHidden> (PDF, nouvel onglet)</VisuallyHidden>
          </Anchor>
        </List.Item>
      ))}
    </List>
  );
}

/** On the organisation admin's « Habilitations » page: its control procedures and replies. */
export function ControlProceduresSection() {
  const headingId = useId();
  const [{ data }, reexecute] = useQuery({ query: MyControlProceduresQuery });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const procedures = data?.myControlProcedures ?? [];
  if (procedures.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        Procédures de contrôle
      </Title>
      <Stack gap="md">
        {procedures.map((procedure) => (
          <ProcedureCard key={procedure.id} procedure={procedure} onChanged={refetch} />
        ))}
      </Stack>
    </section>
  );
}

function ProcedureCard({ procedure, onChanged }: { procedure: ControlProcedureFieldsFragment; onChanged: () => void }) {
  const titleId = useId();
  return (
    <Card withBorder component="article" aria-labelledby={titleId} data-testid="control-procedure">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4" id={titleId}>
            Contrôle ouvert le {formatDay(procedure.openedAt)} — {procedure.signalement.siteName}
          </Title>
          <Badge variant="light" tt="none">
            {CONTROL_STATUS_LABELS[procedure.status]}
          </Badge>
        </Group>
        <div>
          <Text fw={600} size="sm">
            Griefs notifiés
          </Text>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {procedure.grievances}
          </Text>
        </div>
        {procedure.replyOpen ? (
          <ReplyForm procedure={procedure} onChanged={onChanged} />
        ) : procedure.repliedAt ? (
          <div>
            <Text fw={600} size="sm">
              Votre réponse du {formatDayTime(procedure.repliedAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {procedure.reply}
            </Text>
            <ControlDocumentsList procedure={procedure} />
          </div>
        ) : (
          procedure.status === "AWAITING_REPLY" && (
            <Text size="sm">Le délai de réponse a expiré le {formatDay(procedure.replyDueOn)}.</Text>
          )
        )}
        <ControlOutcome procedure={procedure} />
      </Stack>
    </Card>
  );
}

function ReplyForm({ procedure, onChanged }: { procedure: ControlProcedureFieldsFragment; onChanged: () => void }) {
  const fileId = useId();
  const [text, setText] = useState("");
  const [textError, setTextError] = useState<string | null>(null);
  const [upload, setUpload] = useState<{ busy: boolean; message: string; error: string | null }>({
    busy: false,
    message: "",
    error: null,
  });
  const reply = useMutationWithErrors(ReplyToControlProcedureMutation, (data) => data.replyToControlProcedure, {
    fields: ["reply"],
    onFieldErrors: (byField) => setTextError(byField.reply ?? null),
  });

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    const input = event.currentTarget;
    if (!file) return;
    setUpload({ busy: true, message: "", error: null });
    const result = await putPdf(`/control-procedures/${encodeURIComponent(procedure.id)}/documents`, file);
    input.value = "";
    if (result.ok) {
      setUpload({ busy: false, message: `${file.name} joint à votre réponse.`, error: null });
      onChanged();
    } else {
      setUpload({ busy: false, message: "", error: result.message });
    }
  }

  async function onSend() {
    if (text.trim() === "") {
      setTextError("Rédigez votre réponse.");
      return;
    }
    const outcome = await reply.run({ input: { procedureId: procedure.id, reply: text.trim() } });
    if (outcome.ok) onChanged();
  }

  return (
    <Stack gap="sm">
      <Alert color="blue" variant="light" title="Votre droit de réponse" data-testid="reply-deadline">
        Vous pouvez répondre jusqu’au {formatDay(procedure.replyDueOn)} inclus, en joignant des pièces
        justificatives (PDF). Une fois envoyée, la réponse ne peut plus être modifiée.
      </Alert>
      <FormAlert messages={[reply.general.join(" ")]} title="Réponse impossible" />
      <div>
        <Text size="sm" fw={600} component="label" htmlFor={fileId}>
          Joindre une pièce (PDF, 10 Mo au plus)
        </Text>
        <ControlDocumentsList procedure={procedure} />
        <input
          id={fileId}
          type="file"
          accept="application/pdf,.pdf"
          onChange={(event) => void onFile(event)}
          disabled={upload.busy}
          aria-invalid={upload.error ? true : undefined}
        />
        <Text size="sm" role="status" aria-live="polite">
          {upload.busy ? "Envoi en cours…" : upload.message}
        </Text>
        {upload.error && (
          <Text size="sm" c="red.9" role="alert">
            {upload.error}
          </Text>
        )}
      </div>
      <Textarea
        label="Votre réponse"
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setTextError(null);
        }}
        error={textError}
        required
        autosize
        minRows={4}
      />
      <Group justify="flex-end">
        <Button onClick={() => void onSend()} loading={reply.fetching}>
          Envoyer la réponse
        </Button>
      </Group>
    </Stack>
  );
}
