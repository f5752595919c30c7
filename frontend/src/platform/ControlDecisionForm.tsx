import { Button, Checkbox, Group, Select, Stack, Textarea, Title } from "@mantine/core";
import { useId, useState } from "react";
import { FormAlert } from "../components/FormAlert";
import type { ControlOutcome } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { DecideControlProcedureMutation } from "../accreditations/controlDocuments";
import { DateField } from "../components/DateField";

const OUTCOMES: { value: ControlOutcome; label: string }[] = [
  { value: "CLOSED", label: "Classement sans suite" },
  { value: "WARNING", label: "Avertissement" },
  { value: "SUSPENSION", label: "Suspension" },
  { value: "WITHDRAWAL", label: "Retrait" },
];
const SCOPES = [
  { value: "EVALUATION", label: "Évaluation" },
  { value: "TRAINING", label: "Formation" },
] as const;

type Field = "reason" | "suspendedUntil" | "certificationCodes";

/** Certif'Pro's reasoned outcome of a procedure (a suspension needs its last day). */
export function ControlDecisionForm({
  procedureId,
  certificationCodes,
  onDecided,
}: {
  procedureId: string;
  certificationCodes: readonly string[];
  onDecided: () => void;
}) {
  const titleId = useId();
  const [outcome, setOutcome] = useState<ControlOutcome>("CLOSED");
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const [codes, setCodes] = useState<string[]>([]);
  const [scopes, setScopes] = useState<string[]>([]);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const decide = useMutationWithErrors(DecideControlProcedureMutation, (data) => data.decideControlProcedure, {
    fields: ["reason", "suspendedUntil", "certificationCodes"],
    onFieldErrors: setErrors,
  });
  const covering = outcome === "SUSPENSION" || outcome === "WITHDRAWAL";

  async function onSubmit() {
    // The API checks all this again; the form says it before sending.
    const found: Partial<Record<Field, string>> = {};
    if (reason.trim() === "") found.reason = "Motivez la décision.";
    if (outcome === "SUSPENSION" && until === "") found.suspendedUntil = "Indiquez la date de fin de la suspension.";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await decide.run({
      input: {
        procedureId,
        outcome,
        reason: reason.trim(),
        suspendedUntil: outcome === "SUSPENSION" ? until : null,
        certificationCodes: covering ? codes : [],
        scopes: covering ? (scopes as ("EVALUATION" | "TRAINING")[]) : [],
      },
    });
    if (result.ok) onDecided();
  }

  return (
    <section aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={4} size="h5" id={titleId}>
          Décision
        </Title>
        <FormAlert messages={[decide.general.join(" ")]} title="Décision impossible" />
        <Select
          label="Issue de la procédure"
          data={OUTCOMES}
          value={outcome}
          onChange={(value) => setOutcome((value as ControlOutcome | null) ?? "CLOSED")}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          label="Motifs de la décision"
          description="Ils sont notifiés à l’organisme et conservés dans son historique."
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={errors.reason}
          required
          autosize
          minRows={3}
        />
        {outcome === "SUSPENSION" && (
          <DateField
            label="Fin de la suspension (incluse)"
            value={until}
            onChange={setUntil}
            error={errors.suspendedUntil}
            required
          />
        )}
        {covering && (
          <>
            <Checkbox.Group
              label="Certifications concernées"
              description="Aucune cochée : toutes celles du site."
              value={codes}
              onChange={setCodes}
              error={errors.certificationCodes}
            >
              <Group gap="md" mt={4}>
                {certificationCodes.map((code) => (
                  <Checkbox key={code} value={code} label={code} />
                ))}
              </Group>
            </Checkbox.Group>
            <Checkbox.Group
              label="Périmètres concernés"
              description="Aucun coché : évaluation et formation."
              value={scopes}
              onChange={setScopes}
            >
              <Group gap="md" mt={4}>
                {SCOPES.map((scope) => (
                  <Checkbox key={scope.value} value={scope.value} label={scope.label} />
                ))}
              </Group>
            </Checkbox.Group>
          </>
        )}
        <Group justify="flex-end">
          <Button color={covering ? "red.9" : undefined} onClick={() => void onSubmit()} loading={decide.fetching}>
            Enregistrer la décision
          </Button>
        </Group>
      </Stack>
    </section>
  );
}
