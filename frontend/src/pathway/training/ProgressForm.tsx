import { Button, Group, MultiSelect, NumberInput, Paper, SimpleGrid, Stack, Textarea, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { FormAlert } from "../../components/FormAlert";
import { todayIso } from "../../components/format";
import { useMutationWithErrors } from "../../graphql/useMutationWithErrors";
import { RecordDeliveredTrainingProgressMutation, RecordTrainingProgressMutation } from "./documents";
import { itemLabel } from "../referentiel";
import { DateField } from "../../components/DateField";
import { dayError } from "../../components/dates";

/** The plan as the form needs it: its id and the items its objectives target. */
interface ProgressPlan {
  id: string;
  objectives: readonly { itemCode: string; objective: string }[];
}

/** `recordTrainingProgress` (the evaluator's team) or `recordDeliveredTrainingProgress` (the
 * training organisation, `delivered`): a day's session, its hours and the items worked. */
export function ProgressForm({
  plan,
  titles,
  onRecorded,
  delivered = false,
}: {
  plan: ProgressPlan;
  titles: Map<string, string>;
  onRecorded: () => void;
  delivered?: boolean;
}) {
  const [day, setDay] = useState(todayIso());
  const [hours, setHours] = useState<number | "">("");
  const [itemsWorked, setItemsWorked] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<{ day?: string; hours?: string; itemsWorked?: string }>({});
  const own = useMutationWithErrors(RecordTrainingProgressMutation, (data) => data.recordTrainingProgress, {
    fields: ["day", "hours", "itemsWorked"],
    onFieldErrors: setErrors,
  });
  const elsewhere = useMutationWithErrors(
    RecordDeliveredTrainingProgressMutation,
    (data) => data.recordDeliveredTrainingProgress,
    { fields: ["day", "hours", "itemsWorked"], onFieldErrors: setErrors },
  );
  const record = delivered ? elsewhere : own;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    record.setGeneral([]);
    const found: typeof errors = {};
    if (!day) found.day = "Choisissez la date de la séance.";
    else if (dayError(day)) found.day = dayError(day) ?? undefined;
    if (hours === "" || hours <= 0 || hours > 12) found.hours = "Une séance compte entre quelques minutes et 12 heures.";
    setErrors(found);
    if (Object.keys(found).length > 0 || hours === "") return;
    const outcome = await record.run({ planId: plan.id, day, hours, itemsWorked, note: note.trim() });
    // Refused: a top-level error or a payload with errors (an answer without payload counts as recorded).
    if (!outcome.ok && (outcome.payload !== null || outcome.general.length > 0)) return;
    // The plan is refetched (new progress line) and this form is remounted.
    setHours("");
    setItemsWorked([]);
    setNote("");
    onRecorded();
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={onSubmit} noValidate aria-label="Enregistrer une séance de formation">
        <Stack gap="sm">
          <Title order={3} size="h4">
            Enregistrer une séance de formation
          </Title>
          <FormAlert messages={record.general} title="Séance non enregistrée" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <DateField
              label="Date de la séance"
              required
              value={day}
              onChange={(value) => setDay(value)}
              error={errors.day}
            />
            <NumberInput
              label="Durée (heures)"
              required
              min={0}
              max={12}
              step={0.5}
              decimalScale={2}
              decimalSeparator=","
              allowNegative={false}
              value={hours}
              onChange={(value) => setHours(typeof value === "number" ? value : value === "" ? "" : Number(value))}
              error={errors.hours}
            />
          </SimpleGrid>
          <MultiSelect
            label="Items travaillés"
            data={plan.objectives.map((o) => ({ value: o.itemCode, label: itemLabel(o.itemCode, titles) }))}
            value={itemsWorked}
            onChange={setItemsWorked}
            error={errors.itemsWorked}
            searchable
            nothingFoundMessage="Aucun item"
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea label="Note" autosize minRows={2} value={note} onChange={(event) => setNote(event.currentTarget.value)} />
          <Group>
            <Button type="submit" loading={record.fetching}>
              Enregistrer la séance
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
