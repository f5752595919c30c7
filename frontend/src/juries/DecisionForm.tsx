import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useState, type FormEvent } from "react";
import { formatDayTime } from "../components/format";
import type { DecisionMode, Outcome, Side } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { AmendJuryDecisionMutation, DecideJuryDossierMutation } from "./documents";
import { INTERVIEW_OUTCOMES, juryProblemTitle, OUTCOME_LABELS, OUTCOME_ORDER } from "./labels";

export interface DecisionLike {
  id: string;
  outcome: Outcome;
  reason: string;
  decidedAt: string;
  frozen: boolean;
  revision?: number;
  recordedBy?: string;
  presidedBy?: { memberId: string; fullName: string } | null;
  presentMembers?: readonly { memberId: string; fullName: string }[];
  criteriaAtIssue?: readonly string[];
  candidateComment?: string;
  organisationComment?: string;
  internalComment?: string;
  effect?: string;
}

/** A member who may count for the decision (present at the session, not recused). */
export interface PanelMember {
  memberId: string;
  fullName: string;
  side: Side;
}

interface DecisionFormProps {
  sessionId: string;
  dossierId: string;
  /** The decision recorded so far (replaced, from its revision, until the session closes). */
  current?: DecisionLike | null;
  /** Amend this frozen decision instead (Certif'Pro, closed session: reason always mandatory). */
  amending?: DecisionLike | null;
  /** Members present and not recused for this dossier: the presiding member and those present. */
  panel?: readonly PanelMember[];
  /** The viewer's own member id when a member records (presides by default). */
  viewerMemberId?: string | null;
  /** The session hears the candidates: « absent » and « excusé » apply. */
  interviews?: boolean;
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

/** Codes typed as « 1, 3.2 ; 4.1.2 ». */
export function parseCodes(text: string): string[] {
  return [...new Set(text.split(/[,;\s]+/).map((part) => part.trim()).filter(Boolean))];
}

type Errors = Partial<Record<"outcome" | "reason" | "criteriaAtIssue" | "presidingMemberId" | "votesFor", string>>;

/** The API's fields the form shows beside their input; other problems go to the alert. */
const DECISION_FIELDS = ["reason", "criteriaAtIssue", "presidingMemberId", "votesFor"] as const;

function summary(decision: DecisionLike): string {
  return (
    `${OUTCOME_LABELS[decision.outcome]}${decision.reason ? ` — ${decision.reason}` : ""}` +
    (decision.recordedBy ? ` (enregistrée par ${decision.recordedBy} le ${formatDayTime(decision.decidedAt)})` : "")
  );
}

/**
 * The jury's decision on one dossier: outcome, grounds, criteria at issue, who presides,
 * the members present for it, consensus or vote, and three comments (for the candidate,
 * for the organisation, internal). A decision recorded meanwhile is shown, never
 * overwritten: the form starts again from it on request.
 */
export function DecisionForm({
  sessionId,
  dossierId,
  current,
  amending,
  panel = [],
  viewerMemberId = null,
  interviews = false,
  onDone,
  label = "Décision du jury",
}: DecisionFormProps) {
  const [base, setBase] = useState<DecisionLike | null>(amending ? null : (current ?? null));
  const [outcome, setOutcome] = useState<Outcome | null>(base?.outcome ?? null);
  const [reason, setReason] = useState(base?.reason ?? "");
  const [criteria, setCriteria] = useState((base?.criteriaAtIssue ?? []).join(", "));
  const [president, setPresident] = useState<string | null>(base?.presidedBy?.memberId ?? viewerMemberId ?? null);
  const [present, setPresent] = useState<string[]>(
    base?.presentMembers?.map((m) => m.memberId) ?? panel.map((m) => m.memberId),
  );
  const [mode, setMode] = useState<DecisionMode>("CONSENSUS");
  const [votes, setVotes] = useState<{ for: number | ""; against: number | ""; abstentions: number | "" }>({
    for: "",
    against: "",
    abstentions: "",
  });
  const [comments, setComments] = useState({
    candidate: base?.candidateComment ?? "",
    organisation: base?.organisationComment ?? "",
    internal: base?.internalComment ?? "",
  });
  const [errors, setErrors] = useState<Errors>({});
  const [refusal, setRefusal] = useState<{ title: string; message: string } | null>(null);
  const [earlier, setEarlier] = useState<DecisionLike | null>(null);
  const [saved, setSaved] = useState<DecisionLike | null>(null);
  const answers = {
    fields: DECISION_FIELDS,
    onFieldErrors: (byField: Errors) => setErrors((now) => ({ ...now, ...byField })),
  };
  const decide = useMutationWithErrors(DecideJuryDossierMutation, (d) => d.decideJuryDossier, answers);
  const amend = useMutationWithErrors(AmendJuryDecisionMutation, (d) => d.amendJuryDecision, answers);
  const reasonRequired = Boolean(amending) || (outcome !== null && outcome !== "CERTIFIED");
  const outcomes = interviews ? [...OUTCOME_ORDER, ...INTERVIEW_OUTCOMES] : OUTCOME_ORDER;

  function startFrom(decision: DecisionLike) {
    setBase(decision);
    setOutcome(decision.outcome);
    setReason(decision.reason);
    setCriteria((decision.criteriaAtIssue ?? []).join(", "));
    setEarlier(null);
    setRefusal(null);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setRefusal(null);
    setSaved(null);
    setEarlier(null);
    const codes = parseCodes(criteria);
    const found: Errors = {
      outcome: outcome ? undefined : "Choisissez la décision.",
      reason: reasonProblem(outcome, reason, Boolean(amending)) ?? undefined,
      criteriaAtIssue:
        outcome === "NOT_CERTIFIED" && codes.length === 0
          ? "Non certifié : indiquez les domaines ou critères en cause."
          : undefined,
    };
    setErrors(found);
    if (!outcome || found.reason || found.criteriaAtIssue) return;
    const shared = {
      outcome,
      reason: reason.trim(),
      criteriaAtIssue: outcome === "NOT_CERTIFIED" ? codes : [],
      candidateComment: comments.candidate.trim(),
      organisationComment: comments.organisation.trim(),
      internalComment: comments.internal.trim(),
    };
    const vote =
      mode === "VOTE"
        ? {
            votesFor: votes.for === "" ? null : votes.for,
            votesAgainst: votes.against === "" ? null : votes.against,
            abstentions: votes.abstentions === "" ? null : votes.abstentions,
          }
        : {};
    const answer = amending
      ? await amend.run({ input: { decisionId: amending.id, ...shared } })
      : await decide.run({
          input: {
            sessionId,
            dossierId,
            ...shared,
            ...(president ? { presidingMemberId: president } : {}),
            ...(panel.length > 0 ? { presentMemberIds: present } : {}),
            mode,
            ...vote,
            revision: base?.revision ?? null,
          },
        });
    if (!answer.ok) {
      const problems = answer.payload?.errors ?? [];
      const earlierDecision = problems.find((error) => error.earlierDecision)?.earlierDecision;
      if (earlierDecision) setEarlier(earlierDecision as DecisionLike);
      if (answer.general.length > 0) {
        // Named after the first problem no field shows ("Décision déjà enregistrée"…).
        const first = problems.find((error) => !DECISION_FIELDS.some((field) => field === error.field));
        setRefusal({
          title: juryProblemTitle(first?.code, "Décision non enregistrée"),
          message: answer.general.join(" "),
        });
      }
      return;
    }
    if (answer.payload.decision) {
      const decision = answer.payload.decision as DecisionLike;
      setSaved(decision);
      if (!amending) setBase(decision);
      onDone?.(decision);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={label} data-testid="decision-form">
      <Stack gap="sm">
        {current && !amending && !saved && (
          <Text size="sm" data-testid="current-decision">
            Décision enregistrée le {formatDayTime(current.decidedAt)} : {OUTCOME_LABELS[current.outcome]}
            {current.reason ? ` — ${current.reason}` : ""}
            {current.recordedBy ? ` (enregistrée par ${current.recordedBy})` : ""}. Une nouvelle décision la remplace
            jusqu’à la clôture de la session.
          </Text>
        )}
        {refusal && (
          <Alert color="red" variant="light" role="alert" title={refusal.title} data-testid="decision-error">
            <Stack gap={4}>
              <Text size="sm">{refusal.message}</Text>
              {earlier && (
                <>
                  <Text size="sm" data-testid="earlier-decision">
                    Décision enregistrée : {summary(earlier)}
                  </Text>
                  <Button size="xs" variant="default" onClick={() => startFrom(earlier)} style={{ alignSelf: "flex-start" }}>
                    Repartir de cette décision
                  </Button>
                </>
              )}
            </Stack>
          </Alert>
        )}
        {saved && (
          <Alert color="green" variant="light" role="status" title="Décision enregistrée">
            <Text size="sm">
              {amending ? "Rectification enregistrée" : "Décision enregistrée"} : {OUTCOME_LABELS[saved.outcome]}.
              {saved.recordedBy ? ` Enregistrée par ${saved.recordedBy}.` : ""}
              {saved.effect ? ` Effet : ${saved.effect}` : ""}
            </Text>
          </Alert>
        )}
        <Radio.Group
          label={amending ? "Nouvelle décision" : "Décision"}
          required
          value={outcome ?? ""}
          onChange={(value) => {
            setOutcome(value as Outcome);
            setErrors((now) => ({ ...now, outcome: undefined }));
          }}
          error={errors.outcome}
        >
          <Group gap="lg" mt={4}>
            {outcomes.map((value) => (
              <Radio key={value} value={value} label={OUTCOME_LABELS[value]} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label="Motif"
          description={
            amending
              ? "Obligatoire : la rectification est tracée et annexée au procès-verbal, qui n’est pas réécrit."
              : "Obligatoire sauf si le dossier est certifié : il est transmis à l’organisme."
          }
          required={reasonRequired}
          autosize
          minRows={2}
          maxLength={2000}
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setErrors((now) => ({ ...now, reason: undefined }));
          }}
          error={errors.reason}
        />
        {outcome === "NOT_CERTIFIED" && (
          <TextInput
            label="Domaines ou critères en cause"
            description="Codes du référentiel, séparés par des virgules (ex. 1, 3.2)."
            required
            value={criteria}
            onChange={(event) => {
              setCriteria(event.currentTarget.value);
              setErrors((now) => ({ ...now, criteriaAtIssue: undefined }));
            }}
            error={errors.criteriaAtIssue}
          />
        )}
        {!amending && panel.length > 0 && (
          <>
            <Select
              label="Présidence"
              description="Le membre qui préside pour ce dossier."
              data={panel.map((m) => ({ value: m.memberId, label: m.fullName }))}
              value={president}
              onChange={(value) => {
                setPresident(value);
                setErrors((now) => ({ ...now, presidingMemberId: undefined }));
              }}
              error={errors.presidingMemberId}
              allowDeselect={false}
            />
            <Checkbox.Group
              label="Membres présents pour la décision"
              description="Présents à la séance et non récusés ; ils doivent être paritaires."
              value={present}
              onChange={setPresent}
            >
              <Group gap="md" mt={4}>
                {panel.map((m) => (
                  <Checkbox key={m.memberId} value={m.memberId} label={m.fullName} />
                ))}
              </Group>
            </Checkbox.Group>
          </>
        )}
        {!amending && (
          <Radio.Group label="Mode de décision" value={mode} onChange={(value) => setMode(value as DecisionMode)}>
            <Group gap="lg" mt={4}>
              <Radio value="CONSENSUS" label="Consensus" />
              <Radio value="VOTE" label="Vote" />
            </Group>
          </Radio.Group>
        )}
        {!amending && mode === "VOTE" && (
          <Group gap="sm" align="flex-start">
            {(
              [
                ["for", "Voix pour"],
                ["against", "Voix contre"],
                ["abstentions", "Abstentions"],
              ] as const
            ).map(([key, text]) => (
              <NumberInput
                key={key}
                label={text}
                min={0}
                allowDecimal={false}
                value={votes[key]}
                onChange={(value) => setVotes((now) => ({ ...now, [key]: typeof value === "number" ? value : "" }))}
                error={key === "for" ? errors.votesFor : undefined}
                w={130}
              />
            ))}
          </Group>
        )}
        <Textarea
          label="Commentaire pour le candidat"
          autosize
          minRows={1}
          maxLength={2000}
          value={comments.candidate}
          onChange={(event) => setComments({ ...comments, candidate: event.currentTarget.value })}
        />
        <Textarea
          label="Commentaire pour l’organisme évaluateur"
          autosize
          minRows={1}
          maxLength={2000}
          value={comments.organisation}
          onChange={(event) => setComments({ ...comments, organisation: event.currentTarget.value })}
        />
        <Textarea
          label="Commentaire interne au jury"
          description="Reste entre le jury et Certif’Pro : jamais transmis à l’organisme."
          autosize
          minRows={1}
          maxLength={2000}
          value={comments.internal}
          onChange={(event) => setComments({ ...comments, internal: event.currentTarget.value })}
        />
        <Button type="submit" loading={decide.fetching || amend.fetching} style={{ alignSelf: "flex-start" }}>
          {amending ? "Enregistrer la rectification" : "Enregistrer la décision"}
        </Button>
      </Stack>
    </form>
  );
}
