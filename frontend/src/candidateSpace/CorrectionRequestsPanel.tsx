import { Button, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "urql";
import { FormAlert } from "../components/FormAlert";
import { formatDay } from "../components/format";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { CorrectionRequestsQuery, ResolveCorrectionRequestMutation } from "./documents";

/**
 * Advisers' tasks from the candidate space: corrections candidates asked for. Hidden when
 * there is none (or for the roles that may not see them).
 */
export function CorrectionRequestsPanel({ ready = true }: { ready?: boolean }) {
  const [{ data }, refetch] = useQuery({ query: CorrectionRequestsQuery, pause: !ready });
  const resolve = useMutationWithErrors(ResolveCorrectionRequestMutation, (d) => d.resolveCorrectionRequest, {
    succeeded: (payload) => payload.ok,
  });
  const requests = data?.correctionRequests ?? [];
  if (requests.length === 0) return null;
  return (
    <Paper component="section" withBorder p="md" aria-labelledby="corrections-titre" data-testid="correction-requests">
      <Stack gap="sm">
        <Title order={2} size="h3" id="corrections-titre">
          Corrections demandées par des candidats
        </Title>
        <FormAlert messages={resolve.general} title="Impossible de clore la demande" />
        <List size="sm" spacing="xs">
          {requests.map((request) => (
            <List.Item key={request.id}>
              <Group gap="sm" wrap="wrap">
                <Text size="sm">
                  <strong>{request.candidateName}</strong> ({formatDay(request.createdAt)}) : « {request.message} »
                </Text>
                <Button
                  size="xs"
                  variant="light"
                  loading={resolve.fetching}
                  onClick={async () => {
                    const outcome = await resolve.run({ id: request.id });
                    if (outcome.ok) refetch({ requestPolicy: "network-only" });
                  }}
                >
                  Marquer comme traitée
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Paper>
  );
}
