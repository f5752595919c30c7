import { Alert, Button, Radio, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { AnswerFollowUpMutation, FollowUpQuestionnaireQuery } from "./documents";

const FIELDS = ["situation", "employer"] as const;

/**
 * `/suivi-certifies?jeton=…`: « Que devenez-vous ? », the questionnaire e-mailed 6 and 12
 * months after a certification. No account: the link is the key, and works once.
 */
export function FollowUpPage() {
  useDocumentTitle(pageTitle("Que devenez-vous ?"));
  const [searchParams] = useSearchParams();
  const token = searchParams.get("jeton") ?? "";
  // Signed in to the candidate space: one of their own questionnaires, by its identifier.
  const surveyId = searchParams.get("questionnaire") ?? "";
  const [{ data, fetching }] = useQuery({ query: FollowUpQuestionnaireQuery, variables: { token }, pause: !token });
  const [situation, setSituation] = useState("");
  const [employer, setEmployer] = useState("");
  const [plan, setPlan] = useState("");
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});
  const [done, setDone] = useState(false);
  const answer = useMutationWithErrors(AnswerFollowUpMutation, (d) => d.answerFollowUp, {
    fields: FIELDS,
    onFieldErrors: setErrors,
    succeeded: (payload) => payload.ok,
  });
  const questionnaire = data?.followUpQuestionnaire;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    const outcome = await answer.run({
      input: {
        ...(surveyId ? { surveyId } : { token }),
        situation,
        employer: situation === "employed" ? employer || null : null,
        nextCertificationPlanned: plan === "" ? null : plan === "yes",
      },
    });
    if (outcome.ok) setDone(true);
  };

  return (
    <Stack gap="lg" component="section" aria-labelledby="suivi-titre">
      <Title order={1} id="suivi-titre">
        Que devenez-vous ?
      </Title>
      {!token && !surveyId && (
        <Alert color="red" variant="light" title="Lien incomplet" role="alert">
          <Text fz="lg">Ce lien est incomplet : copiez-le en entier depuis le courriel.</Text>
        </Alert>
      )}
      {questionnaire?.__typename === "FollowUpRefusal" && (
        <Alert color="red" variant="light" title="Questionnaire impossible" role="alert">
          {questionnaire.errors.map((problem) => (
            <Text fz="lg" key={problem.code}>
              {problem.message}
            </Text>
          ))}
        </Alert>
      )}
      {done && (
        <Alert color="green" variant="light" title="Merci !" role="status">
          <Text fz="lg">Vos réponses sont enregistrées. Elles sont comptées avec celles des autres personnes.</Text>
        </Alert>
      )}
      {fetching && <Text>Chargement…</Text>}
      {(questionnaire?.__typename === "FollowUpQuestionnaire" || (surveyId && !token)) && !done && (
        <form onSubmit={submit} aria-labelledby="suivi-titre">
          <Stack gap="lg">
            <Text fz="lg">
              {questionnaire?.__typename === "FollowUpQuestionnaire"
                ? `Vous avez obtenu ${questionnaire.certificationTitle} il y a ${questionnaire.wave} mois, avec ${questionnaire.organisationName}. `
                : ""}
              Trois questions. Répondre n’est pas obligatoire.
            </Text>
            <FormAlert messages={answer.general} title="Réponses non enregistrées" />
            <Radio.Group
              label="Aujourd’hui, vous êtes :"
              value={situation}
              onChange={setSituation}
              error={errors.situation}
              required
            >
              <Stack gap="xs" mt="xs">
                <Radio value="employed" label="En emploi" />
                <Radio value="training" label="En formation" />
                <Radio value="job_seeking" label="En recherche d’emploi" />
              </Stack>
            </Radio.Group>
            {situation === "employed" && (
              <Radio.Group
                label="Votre employeur :"
                value={employer}
                onChange={setEmployer}
                error={errors.employer}
                required
              >
                <Stack gap="xs" mt="xs">
                  <Radio value="same" label="Le même qu’au moment de la certification" />
                  <Radio value="new" label="Un nouvel employeur" />
                </Stack>
              </Radio.Group>
            )}
            <Radio.Group label="Vous prévoyez une autre certification :" value={plan} onChange={setPlan}>
              <Stack gap="xs" mt="xs">
                <Radio value="yes" label="Oui" />
                <Radio value="no" label="Non" />
              </Stack>
            </Radio.Group>
            <Button type="submit" size="lg" loading={answer.fetching}>
              Envoyer mes réponses
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
