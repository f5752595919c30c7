import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent } from "react";
import { FormAlert } from "../../components/FormAlert";
import { formatMinutes } from "../../components/format";
import { hasErrors, useForm } from "../../forms/useForm";
import { required } from "../../forms/validation";
import { useMutationWithErrors } from "../../graphql/useMutationWithErrors";
import { PlanEvaluationSessionMutation } from "./documents";
import { staffOptions, useStaff } from "../staff";
import { DateField } from "../../components/DateField";

const FIELDS = ["day", "startsAt", "endsAt", "siteId", "evaluatorId"] as const;
type SessionValues = Record<(typeof FIELDS)[number], string>;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function minutesBetween(start: string, end: string): number {
  const [sh = 0, sm = 0] = start.split(":").map(Number);
  const [eh = 0, em = 0] = end.split(":").map(Number);
  return eh * 60 + em - (sh * 60 + sm);
}

const VALIDATORS = {
  day: required("Choisissez la date de la séance."),
  startsAt: (value: string) => (TIME.test(value) ? null : "Indiquez l’heure de début (HH:MM)."),
  endsAt: (value: string, values: SessionValues) => {
    if (!TIME.test(value)) return "Indiquez l’heure de fin (HH:MM).";
    if (TIME.test(values.startsAt) && minutesBetween(values.startsAt, value) <= 0) {
      return "L’heure de fin doit suivre l’heure de début.";
    }
    return null;
  },
  siteId: required("Choisissez le site."),
  evaluatorId: required("Choisissez l’évaluateur."),
};

interface PlanSessionModalProps {
  opened: boolean;
  onClose: () => void;
  onPlanned: () => void;
  evaluationId: string;
  sites: readonly { id: string; name: string }[];
  defaultSiteId?: string;
  /** The viewer's user id when they are an evaluator. */
  defaultEvaluatorId?: string;
  plannedMinutes: number;
  maxMinutes?: number;
}

/** `planEvaluationSession`: date, times, site, evaluator (TOO_LONG shown on "Heure de fin"). */
export function PlanSessionModal({ opened, onClose, ...props }: PlanSessionModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Planifier une séance d’évaluation" size="lg" centered>
      {opened && <PlanSessionForm onCancel={onClose} {...props} />}
    </Modal>
  );
}

function PlanSessionForm({
  onCancel,
  onPlanned,
  evaluationId,
  sites,
  defaultSiteId,
  defaultEvaluatorId,
  plannedMinutes,
  maxMinutes,
}: Omit<PlanSessionModalProps, "opened" | "onClose"> & { onCancel: () => void }) {
  const evaluators = useStaff("EVALUATOR");
  const form = useForm<SessionValues>(
    {
      day: "",
      startsAt: "09:00",
      endsAt: "12:00",
      siteId: defaultSiteId ?? (sites.length === 1 ? sites[0]!.id : ""),
      evaluatorId: defaultEvaluatorId ?? "",
    },
    VALIDATORS,
  );
  const plan = useMutationWithErrors(PlanEvaluationSessionMutation, (data) => data.planEvaluationSession, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    plan.setGeneral([]);
    if (hasErrors(form.validate())) return;
    const outcome = await plan.run({ evaluationId, ...form.values });
    if (outcome.ok) onPlanned();
  }

  const length =
    TIME.test(form.values.startsAt) && TIME.test(form.values.endsAt)
      ? Math.max(0, minutesBetween(form.values.startsAt, form.values.endsAt))
      : 0;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Planifier une séance d’évaluation">
      <Stack gap="sm">
        <FormAlert messages={plan.general} title="Séance non planifiée" />
        {maxMinutes !== undefined && (
          <Text size="sm" data-testid="planned-duration">
            Déjà prévu : {formatMinutes(plannedMinutes)} sur {formatMinutes(maxMinutes)} au maximum
            {length > 0 && <> · cette séance : {formatMinutes(length)}</>}.
          </Text>
        )}
        <DateField label="Date de la séance" required {...form.dateField("day")} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Heure de début" type="time" required {...form.textField("startsAt")} />
          <TextInput label="Heure de fin" type="time" required {...form.textField("endsAt")} />
        </SimpleGrid>
        <Select
          label="Site"
          data={sites.map((site) => ({ value: site.id, label: site.name }))}
          value={form.values.siteId || null}
          onChange={(value) => form.setValue("siteId", value ?? "")}
          error={form.errors.siteId}
          required
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Évaluateur"
          description={
            !evaluators.fetching && !evaluators.error && evaluators.staff.length === 0
              ? "Aucun évaluateur dans l’organisation : un administrateur peut en inviter un."
              : "Le formateur du candidat ne peut pas être son évaluateur."
          }
          placeholder={evaluators.fetching ? "Chargement des évaluateurs…" : "Choisir un évaluateur"}
          data={staffOptions(evaluators.staff, {
            current: form.values.evaluatorId,
            viewerId: defaultEvaluatorId,
          })}
          value={form.values.evaluatorId || null}
          onChange={(value) => form.setValue("evaluatorId", value ?? "")}
          error={
            form.errors.evaluatorId ??
            (evaluators.error ? "Impossible de charger la liste des évaluateurs." : undefined)
          }
          required
          searchable
          nothingFoundMessage="Aucun évaluateur à ce nom"
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Annuler
          </Button>
          <Button type="submit" loading={plan.fetching}>
            Planifier la séance
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
