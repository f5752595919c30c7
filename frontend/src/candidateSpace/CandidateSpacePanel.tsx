import { Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "urql";
import { FormAlert } from "../components/FormAlert";
import { formatDateTime } from "../components/format";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { CandidateSpaceStatusQuery, InviteCandidateToSpaceMutation } from "./documents";

/**
 * On the dossier page, for advisers: whether the candidate's space is activated, and
 * the button that e-mails (or e-mails again) the invitation.
 */
export function CandidateSpacePanel({ candidateId }: { candidateId: string }) {
  const [{ data }, refetch] = useQuery({ query: CandidateSpaceStatusQuery, variables: { candidateId } });
  const invite = useMutationWithErrors(InviteCandidateToSpaceMutation, (d) => d.inviteCandidateToSpace);
  const status = data?.candidateSpaceStatus.__typename === "CandidateSpaceStatus" ? data.candidateSpaceStatus : null;
  if (!status) return null;
  const state = status.activatedAt ? "activé" : status.invitedAt ? "invité" : "non invité";
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="espace-candidat-titre">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h3" id="espace-candidat-titre">
            Espace candidat
          </Title>
          <Badge color={status.activatedAt ? "green" : status.invitedAt ? "blue" : "gray"} data-testid="candidate-space-state">
            {state}
          </Badge>
        </Group>
        <Text size="sm">
          {status.activatedAt
            ? `Activé le ${formatDateTime(status.activatedAt)}.`
            : status.invitedAt
              ? `Invitation envoyée le ${formatDateTime(status.invitedAt)} à ${status.email}.`
              : status.email
                ? `Le candidat suit son parcours et télécharge ses documents sans mot de passe. L’invitation part à ${status.email}.`
                : "Ajoutez l’adresse e-mail du candidat pour l’inviter dans son espace."}
        </Text>
        <FormAlert messages={invite.general} title="Invitation impossible" />
        {status.email && (
          <Button
            variant="light"
            loading={invite.fetching}
            onClick={async () => {
              const outcome = await invite.run({ candidateId });
              if (outcome.ok) refetch({ requestPolicy: "network-only" });
            }}
          >
            {status.invitedAt ? "Renvoyer l’invitation" : "Inviter dans l’espace candidat"}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
