import { Anchor, List, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { useQuery } from "urql";
import { formatDay } from "../components/format";
import { MyWorkQuery } from "./documents";
import { gridPath } from "./paths";
import { candidateName, capitalize, statusLabel } from "./labels";

/**
 * "À traiter": the viewer's dossiers to follow (adviser) and their next
 * evaluation sittings (evaluator). Hidden when there is nothing (or on error).
 */
export function MyWorkPanel({ ready = true }: { ready?: boolean }) {
  // `ready`: wait for the list (both reads are audited writes; SQLite serialises them).
  const [{ data }] = useQuery({ query: MyWorkQuery, requestPolicy: "cache-and-network", pause: !ready });
  const work = data?.myWork;
  if (!work || (work.dossiersToHandle.length === 0 && work.upcomingSittings.length === 0)) return null;
  return (
    <Paper component="section" withBorder p="md" aria-labelledby="a-traiter-titre" data-testid="my-work">
      <Stack gap="sm">
        <Title order={2} size="h3" id="a-traiter-titre">
          À traiter
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          {work.dossiersToHandle.length > 0 && (
            <div>
              <Text fw={700} id="mes-dossiers-titre">
                Mes dossiers à suivre
              </Text>
              <List size="sm" aria-labelledby="mes-dossiers-titre">
                {work.dossiersToHandle.slice(0, 10).map((dossier) => (
                  <List.Item key={dossier.id}>
                    <Anchor component={Link} to={`/dossiers/${dossier.id}`}>
                      {candidateName(dossier.candidate)}
                    </Anchor>{" "}
                    — {capitalize(statusLabel(dossier.status))}
                  </List.Item>
                ))}
              </List>
              {work.dossiersToHandle.length > 10 && (
                <Text size="sm">et {work.dossiersToHandle.length - 10} autres (cochez « Uniquement mes dossiers »).</Text>
              )}
            </div>
          )}
          {work.upcomingSittings.length > 0 && (
            <div>
              <Text fw={700} id="mes-seances-titre">
                Mes prochaines séances d’évaluation
              </Text>
              <List size="sm" aria-labelledby="mes-seances-titre">
                {work.upcomingSittings.slice(0, 10).map(({ session, dossier }) => {
                  const open = dossier.evaluations.find((e) => e.status === "OPEN");
                  return (
                    <List.Item key={session.id}>
                      {formatDay(session.day)}, {session.startsAt}–{session.endsAt} :{" "}
                      <Anchor component={Link} to={open ? gridPath(open.id, dossier.id) : `/dossiers/${dossier.id}`}>
                        {candidateName(dossier.candidate)}
                      </Anchor>
                    </List.Item>
                  );
                })}
              </List>
            </div>
          )}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
