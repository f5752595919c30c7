import { Button, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useEffect, useState, type FormEvent } from "react";
import { FormAlert } from "../../components/FormAlert";
import { useMutationWithErrors } from "../../graphql/useMutationWithErrors";
import { SetEvaluationProfessionalContextMutation } from "./documents";

/** The longest professional context the API keeps. */
export const PROFESSIONAL_CONTEXT_MAX_LENGTH = 500;

/**
 * « Contexte professionnel »: the job or work situation the skills are assessed in (the
 * référentiel asks for one). Editable while the evaluation is open, by those who plan or
 * record it; shown as text otherwise.
 */
export function ProfessionalContextSection({
  evaluationId,
  value,
  editable,
  onSaved,
}: {
  evaluationId: string;
  value: string;
  editable: boolean;
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutationWithErrors(
    SetEvaluationProfessionalContextMutation,
    (data) => data.setEvaluationProfessionalContext,
    {
      fields: ["professionalContext"],
      onFieldErrors: (byField) => {
        if (byField.professionalContext) setError(byField.professionalContext);
      },
      succeeded: (payload) => Boolean(payload.evaluation),
    },
  );
  useEffect(() => setDraft(value), [value]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    save.setGeneral([]);
    setSaved(false);
    if (draft.trim().length > PROFESSIONAL_CONTEXT_MAX_LENGTH) {
      setError(`Le contexte professionnel ne peut dépasser ${PROFESSIONAL_CONTEXT_MAX_LENGTH} caractères.`);
      return;
    }
    const outcome = await save.run({ evaluationId, professionalContext: draft.trim() });
    if (outcome.ok) {
      setSaved(true);
      onSaved();
    }
  }

  return (
    <section aria-labelledby="contexte-titre" data-testid="professional-context">
      <Stack gap="xs">
        <Title order={2} size="h3" id="contexte-titre">
          Contexte professionnel
        </Title>
        {editable ? (
          <form onSubmit={onSubmit} noValidate aria-label="Contexte professionnel">
            <Stack gap="xs">
              <FormAlert messages={save.general} title="Contexte non enregistré" />
              <TextInput
                label="Poste ou situation de travail retenus"
                description="Les compétences s’évaluent dans un contexte professionnel (facultatif, 500 caractères au plus)."
                value={draft}
                maxLength={PROFESSIONAL_CONTEXT_MAX_LENGTH}
                onChange={(event) => {
                  setDraft(event.currentTarget.value);
                  setSaved(false);
                }}
                error={error}
              />
              <Group gap="sm">
                <Button type="submit" variant="default" loading={save.fetching} disabled={draft.trim() === value}>
                  Enregistrer le contexte
                </Button>
                {saved && (
                  <Text size="sm" role="status">
                    Contexte enregistré.
                  </Text>
                )}
              </Group>
            </Stack>
          </form>
        ) : (
          <Text size="sm">{value || "Non renseigné."}</Text>
        )}
      </Stack>
    </section>
  );
}
