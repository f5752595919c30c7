import { Group, SimpleGrid, Text } from "@mantine/core";
import { formatDay } from "../components/format";
import type { JurySessionFieldsFragment } from "../gql/graphql";
import { placeLabel } from "./labels";
import { SessionStatusBadge } from "./JurySessionsPage";

interface SessionSummaryProps {
  session: JurySessionFieldsFragment;
  titleOf: (code: string) => string;
}

/** Date, place, région, certifications and status of a session. */
export function SessionSummary({ session, titleOf }: SessionSummaryProps) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" data-testid="session-summary">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Statut :
        </Text>
        <SessionStatusBadge status={session.status} />
      </Group>
      <Text size="sm">
        <strong>Date :</strong> {formatDay(session.heldOn)}
      </Text>
      <Text size="sm">
        <strong>Lieu :</strong> {placeLabel(session)}
      </Text>
      <Text size="sm">
        <strong>Région :</strong> {session.region}
      </Text>
      <Text size="sm">
        <strong>Certifications :</strong> {session.certificationCodes.map(titleOf).join(", ")}
      </Text>
    </SimpleGrid>
  );
}
