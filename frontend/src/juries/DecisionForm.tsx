import { Alert, Button, Group, Radio, Stack, Text, Textarea } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { formatDayTime } from "../components/format";
import type { Outcome } from "../gql/graphql";
import { useOperationErrors } from "../graphql/useOperationErrors";
import { AmendJuryDecisionMutation, DecideJuryDossierMutation } from "./documents";
import { juryProblemTitle, OUTCOME_LABELS, OUTCOME_ORDER } from "./labels";

export interface DecisionLike {
  id: string;
  outcome: Outcome;
  reason: string;
  decidedAt: string;
  frozen: boolean;
}

interface DecisionFormProps {
  sessionId: string;
  dossierId: string;
  /** The decision recorded so far (replaced until the session closes). */
  current?: DecisionLike | null;
  /** Amend this frozen decision instead (Certif'Pro, closed session: reason always mandatory). */
  amending?: DecisionLike | null;
  onDone?: (decision: DecisionLike) => void;
  /** Accessible name of the form. */
  label?: string;
}

/** A reason is mandatory unless the dossier is certified (always, for an amendment). */
export function reasonProblem(outcome: Outcome | null, reason: string, amending = false): string | null {
  if (!outcome || reason.trim()) return null;
  if (amending) return "Motivez la rectification.";
  if (outcome === "CERTIFIED") return null;
  return "Motivez la décision : le motif est transmis à l’organisme.";
}

/**
 * The jury's decision on one dossier: outcome and reason. Refusals come back typed
 * (RECUSED, NOT_PRESENT, NOT_PARITAIRE, REASON_REQUIRED…) and are shown as such.
 */
export function DecisionForm({
  sessionId,
  dossierId,
  current,
  amending,
  onDone,
  label = "Décision du jury",
}: DecisionFormProps) {
  const start = amending ?? current ?? null;
  const [outcome, setOutcome] = useState<Outcome | null>(amending ? null : (start?.outcome ?? null));
  const [reason, setReason] = useState(amending ? "" : (start?.reason ?? ""));
  const [errors, setErrors] = useState<{ outcome?: string; reason?: string }>({});
  const [refusal, setRefusal] = useState<{ title: string; message: string } | null>(null);
  const [saved, setSaved] = useState<DecisionLike | null>(null);
  const [{ fetching: deciding }, decide] = useMutation(DecideJuryDossierMutation);
  const [{ fetching: amendingNow }, amend] = useMutation(AmendJuryDecisionMutation);
  const handleErrors = useOperationErrors();
  const reasonRequired = Boolean(amending) || (outcome !== null && outcome !== "CERTIFIED");

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setRefusal(null);
    setSaved(null);
    const found = {
      outcome: outcome ? undefined : "Choisissez la décision.",
      reason: reasonProblem(outcome, reason, Boolean(amending)) ?? undefined,
    };
    setErrors(found);
    if (!outcome || found.reason) return;
    const result = amending
      ? await amend({ decisionId: amending.id, outcome, reason: reason.trim() })
      : await decide({ sessionId, dossierId, outcome, reason: reason.trim() });
    const topLevel = handleErrors(result.error);
    if (topLevel) {
      setRefusal({ title: "Décision non enregistrée", message: topLevel });
      return;
    }
    const payload =
      result.data && "amendJuryDecision" in result.data
        ? result.data.amendJuryDecision
        : result.data && "decideJuryDossier" in result.data
          ? result.data.decideJuryDossier
          : null;
    if (!payload) return;
    if (payload.errors.length > 0) {
      const onReason = payload.errors.find((error) => error.field === "reason");
      if (onReason) setErrors((current) => ({ ...current, reason: onReason.message }));
      const others = payload.errors.filter((error) => error.field !== "reason");
      if (others[0]) {
        setRefusal({
          title: juryProblemTitle(others[0].code, "Décision non enregistrée"),
          message: others.map((error) => error.message).join(" "),
        });
      }
      return;
    }
    if (payload.decision) {
      setSaved(payload.decision);
      onDone?.(payload.decision);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={label} data-testid="decision-form">
      <Stack gap="sm">
        {current && !amending && !saved && (
          <Text size="sm" data-testid="current-decision">
            Décision enregistrée le {formatDayTime(current.decidedAt)} : {OUTCOME_LABELS[current.outcome]}
            {current.reason ? ` — ${current.reason}` : ""}. Une nouvelle décision la remplace jusqu’à la clôture
            de la session.
          </Text>
        )}
        {refusal && (
          <Alert color="red" variant="light" role="alert" title={refusal.title} data-testid="decision-error">
            <Text size="sm">{refusal.message}</Text>
          </Alert>
        )}
        {saved && (
          <Alert color="green" variant="light" role="status" title="Décision enregistrée">
            <Text size="sm">
              {amending ? "Rectification enregistrée" : "Décision enregistrée"} : {OUTCOME_LABELS[saved.outcome]}.
            </Text>
          </Alert>
        )}
        <Radio.Group
          label={amending ? "Nouvelle décision" : "Décision"}
          required
          value={outcome ?? ""}
          onChange={(value) => {
            setOutcome(value as Outcome);
            setErrors((current) => ({ ...current, outcome: undefined }));
          }}
          error={errors.outcome}
        >
          <Group gap="lg" mt={4}>
            {OUTCOME_ORDER.map((value) => (
              <Radio key={value} value={value} label={OUTCOME_LABELS[value]} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label="Motif"
          description={
            amending
              ? "Obligatoire : la rectification est tracée, la décision d’origine reste au procès-verbal."
              : "Obligatoire sauf si le dossier est certifié : il est transmis à l’organisme."
          }
          required={reasonRequired}
          autosize
          minRows={2}
          maxLength={2000}
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setErrors((current) => ({ ...current, reason: undefined }));
          }}
          error={errors.reason}
        />
        <Button type="submit" loading={deciding || amendingNow} style={{ alignSelf: "flex-start" }}>
          {amending ? "Enregistrer la rectification" : "Enregistrer la décision"}
        </Button>
      </Stack>
    </form>
  );
}
