import { Anchor, Breadcrumbs, Button, List, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { AgendaTable } from "./AgendaTable";
import { JuryAgendaQuery, JurySessionQuery } from "./documents";
import { SIDE_SHORT_LABELS } from "./labels";
import { ParityIndicator } from "./ParityIndicator";
import { SessionSummary } from "./SessionSummary";
import { useCertifications } from "./useCertifications";

/** `/jury/sessions/:id` (the session's members): the agenda, with the viewer's recusals. */
export function MemberSessionPage() {
  const { id = "" } = useParams();
  const { titleOf } = useCertifications();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: JurySessionQuery,
    variables: { id },
    requestPolicy: "cache-and-network",
  });
  const [{ data: agendaData }, reexecuteAgenda] = useQuery({
    query: JuryAgendaQuery,
    variables: { sessionId: id },
    requestPolicy: "cache-and-network",
  });
  const found = data?.jurySession;
  const session = found?.__typename === "JurySession" ? found : null;
  useDocumentTitle(pageTitle(session ? `Session · ${session.title}` : "Session de jury"));
  const refresh = () => {
    reexecute({ requestPolicy: "network-only" });
    reexecuteAgenda({ requestPolicy: "network-only" });
  };

  if (fetching && !data) return <LoadingState label="Chargement de la session…" skeletons={2} />;
  if (error && !data) return <OperationError message="Impossible de charger la session." error={error} onRetry={refresh} />;
  if (!session) {
    return (
      <Stack gap="md">
        <Title order={1}>Session introuvable</Title>
        <Text>Cette session n’existe pas ou vous n’y êtes pas convoqué(e).</Text>
        <Anchor component={Link} to="/jury">
          Mes sessions de jury
        </Anchor>
      </Stack>
    );
  }
  const entries = agendaData?.juryAgenda ?? [];
  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Breadcrumbs component="nav" aria-label="Fil d’Ariane" separator="›">
          <Anchor component={Link} to="/jury">
            Mes sessions de jury
          </Anchor>
          <Text span aria-current="page">
            {session.title}
          </Text>
        </Breadcrumbs>
        <Title order={1}>{session.title}</Title>
        <SessionSummary session={session} titleOf={titleOf} />
        {session.status === "CONVENED" && (
          <Text size="sm">
            La session n’est pas encore ouverte : vous pouvez étudier les dossiers et déclarer un conflit d’intérêts ;
            les décisions se prennent une fois la session ouverte.
          </Text>
        )}
      </Stack>
      <section aria-labelledby="members-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="members-heading">
            Membres convoqués
          </Title>
          <List size="sm" spacing={2}>
            {session.attendees.map((attendee) => (
              <List.Item key={attendee.memberId}>
                {attendee.fullName} — {SIDE_SHORT_LABELS[attendee.side]} ({attendee.body})
                {attendee.present ? " : présent(e)" : ""}
              </List.Item>
            ))}
          </List>
          {session.status !== "CLOSED" && (
            <ParityIndicator attendees={session.attendees} parityProblem={session.parityProblem} />
          )}
        </Stack>
      </section>
      <section aria-labelledby="agenda-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="agenda-heading">
            Ordre du jour
          </Title>
          {entries.length === 0 ? (
            <Text>Aucun dossier à l’ordre du jour pour l’instant.</Text>
          ) : (
            <AgendaTable
              session={session}
              entries={entries}
              titleOf={titleOf}
              dossierPath={(dossierId) => `/jury/sessions/${session.id}/dossiers/${dossierId}`}
              mode="member"
            />
          )}
          <Button variant="default" onClick={refresh} style={{ alignSelf: "flex-start" }}>
            Actualiser
          </Button>
        </Stack>
      </section>
    </Stack>
  );
}
