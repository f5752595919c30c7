import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "urql";
import { formatDay } from "../components/format";
import type { CandidatesQuery as CandidatesData } from "../gql/graphql";
import { CandidatesQuery } from "./candidateListDocuments";
import type { CandidateValues } from "./candidateValidation";
import { candidateName, STATUS_LABELS } from "./labels";

export type FoundCandidate = CandidatesData["candidates"]["edges"][number]["node"];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Before registering someone, the wizard looks them up among the organisation's candidates:
 * by birth name (and first names) with the birth date, and by e-mail, as they are typed.
 * A person already registered is offered with their dossiers (« Utiliser ce candidat »),
 * so that nobody is registered twice.
 */
export function CandidateLookup({
  values,
  onUse,
}: {
  values: Pick<CandidateValues, "birthName" | "firstNames" | "birthDate" | "email">;
  onUse: (found: FoundCandidate) => void;
}) {
  const [typed] = useDebouncedValue(values, 400);
  const names = `${typed.birthName} ${typed.firstNames}`.trim();
  const byNames = typed.birthName.trim().length >= 2 && DAY.test(typed.birthDate);
  const email = typed.email.trim();
  const byEmail = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email);
  const [{ data: named }] = useQuery({
    query: CandidatesQuery,
    variables: { first: 10, search: names, birthDate: typed.birthDate },
    pause: !byNames,
  });
  const [{ data: mailed }] = useQuery({
    query: CandidatesQuery,
    variables: { first: 10, email },
    pause: !byEmail,
  });
  const found = new Map<string, FoundCandidate>();
  for (const edge of [...(byNames ? (named?.candidates.edges ?? []) : []), ...(byEmail ? (mailed?.candidates.edges ?? []) : [])]) {
    found.set(edge.node.candidate.id, edge.node);
  }
  const people = [...found.values()];
  return (
    <div aria-live="polite">
      {people.length > 0 && (
        <Alert color="warning" variant="light" title="Cette personne est peut-être déjà enregistrée">
          <Stack gap="sm">
            <Text size="sm">
              {people.length === 1
                ? "Un candidat de l’organisme a ce nom et cette date de naissance, ou cette adresse e-mail."
                : `${people.length} candidats de l’organisme ont ce nom et cette date de naissance, ou cette adresse e-mail.`}{" "}
              Utilisez-le plutôt que d’en enregistrer un nouveau.
            </Text>
            <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }} aria-label="Candidats déjà enregistrés">
              {people.map((person) => (
                <Group component="li" key={person.candidate.id} justify="space-between" gap="sm">
                  <div>
                    <Text fw={600}>{candidateName(person.candidate)}</Text>
                    <Text size="sm">
                      Né(e) le {formatDay(person.candidate.birthDate)}
                      {person.candidate.email ? ` — ${person.candidate.email}` : ""}
                    </Text>
                    <Text size="sm">
                      {person.dossiers.length === 0
                        ? "Aucun dossier"
                        : person.dossiers
                            .map((d) => `${d.certificationCode} : ${STATUS_LABELS[d.status]}`)
                            .join(" ; ")}
                    </Text>
                  </div>
                  <Button
                    variant="light"
                    onClick={() => onUse(person)}
                    aria-label={`Utiliser ce candidat : ${candidateName(person.candidate)}`}
                  >
                    Utiliser ce candidat
                  </Button>
                </Group>
              ))}
            </Stack>
          </Stack>
        </Alert>
      )}
    </div>
  );
}
