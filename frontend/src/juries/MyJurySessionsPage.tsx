import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { Link } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { MyJurySessionsQuery } from "./documents";
import { placeLabel } from "./labels";
import { SessionStatusBadge } from "./JurySessionsPage";
import { useCertifications } from "./useCertifications";

/** `/jury` (jury members): « Mes sessions de jury », newest first. */
export function MyJurySessionsPage() {
  useDocumentTitle(pageTitle("Mes sessions de jury"));
  const { titleOf } = useCertifications();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MyJurySessionsQuery,
    requestPolicy: "cache-and-network",
  });
  const sessions = data?.myJurySessions ?? [];
  return (
    <Stack gap="lg">
      <Title order={1}>Mes sessions de jury</Title>
      {fetching && !data ? (
        <LoadingState label="Chargement de vos sessions…" skeletons={2} />
      ) : error && !data ? (
        <OperationError
          message="Impossible de charger vos sessions de jury."
          error={error}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : sessions.length === 0 ? (
        <Text>Vous n’êtes convoqué(e) à aucune session de jury.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" data-testid="my-jury-sessions">
          {sessions.map((session) => (
            <Card key={session.id} withBorder component="article" aria-labelledby={`session-${session.id}`}>
              <Stack gap="xs">
                <Group justify="space-between" align="flex-start">
                  <Title order={2} size="h4" id={`session-${session.id}`}>
                    <Anchor component={Link} to={`/jury/sessions/${session.id}`} inherit>
                      {session.title}
                    </Anchor>
                  </Title>
                  <SessionStatusBadge status={session.status} />
                </Group>
                <Text size="sm">
                  {formatDay(session.heldOn)} — {placeLabel(session)} ({session.region})
                </Text>
                <Text size="sm">{session.certificationCodes.map(titleOf).join(", ")}</Text>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
