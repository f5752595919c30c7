import { Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { INVITATION_STATUS_LABELS, labelOf } from "../auth/labels";
import { RoleBadges } from "../auth/RoleBadges";
import { useViewer } from "../auth/session";
import { ConfirmModal } from "../components/ConfirmModal";
import { FormAlert } from "../components/FormAlert";
import { formatDate, formatDateTime } from "../components/format";
import { TableScroll } from "../components/TableScroll";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { CursorPager, PAGE_SIZE, useCursorPagination } from "../components/pagination";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import {
  InvitationsQuery,
  MembersQuery,
  RemoveMemberMutation,
  RevokeInvitationMutation,
} from "./documents";
import { InviteMemberForm } from "./InviteMemberForm";
import { MemberRolesModal, type EditedMember } from "./MemberRolesModal";
import { OrganisationPageHeader } from "./OrganisationPageHeader";



/** `/organisation/membres`: members, pending invitations and the invite form. */
export function MembersPage() {
  const [invitationsVersion, setInvitationsVersion] = useState(0);
  return (
    <Stack gap="xl">
      <OrganisationPageHeader title="Membres" />
      <MembersSection />
      <InviteMemberForm onInvited={() => setInvitationsVersion((v) => v + 1)} />
      <InvitationsSection key={invitationsVersion} />
    </Stack>
  );
}

function MembersSection() {
  const pagination = useCursorPagination();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MembersQuery,
    variables: { first: PAGE_SIZE, after: pagination.after },
  });
  const { viewer } = useViewer();
  const [editing, setEditing] = useState<EditedMember | null>(null);
  const [removing, setRemoving] = useState<EditedMember | null>(null);
  const removeMember = useMutationWithErrors(RemoveMemberMutation, (data) => data.removeMember);
  const refetch = () => reexecute({ requestPolicy: "network-only" });

  async function onRemove() {
    if (!removing) return;
    const outcome = await removeMember.run({ membershipId: removing.id });
    // Removed unless refused with a message (an answer without payload counts as removed).
    if (!outcome.ok && outcome.general.length > 0) return;
    setRemoving(null);
    refetch();
  }

  const connection = data?.members;
  return (
    <section aria-labelledby="members-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="members-heading">
          Membres de l’organisation
        </Title>
        {fetching && !data ? (
          <LoadingState label="Chargement des membres…" />
        ) : error && !data ? (
          <OperationError message="Impossible de charger les membres." error={error} onRetry={refetch} />
        ) : connection && connection.edges.length === 0 ? (
          <Text>Aucun membre.</Text>
        ) : (
          <TableScroll minWidth={640} label="Membres de l’organisation">
            <Table striped withTableBorder aria-labelledby="members-heading" data-testid="members-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Nom</Table.Th>
                  <Table.Th scope="col">Adresse e-mail</Table.Th>
                  <Table.Th scope="col">Rôles</Table.Th>
                  <Table.Th scope="col">Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {connection?.edges.map(({ node }) => {
                  const member = { id: node.id, name: node.user.fullName || node.user.email, roles: node.roles };
                  const isSelf = node.user.id === viewer?.user?.id;
                  return (
                    <Table.Tr key={node.id} data-member={node.user.email}>
                      <Table.Td>
                        {member.name}
                        {isSelf && (
                          <Text span size="sm"> (vous)</Text>
                        )}
                      </Table.Td>
                      <Table.Td>{node.user.email}</Table.Td>
                      <Table.Td>
                        <RoleBadges roles={node.roles} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setEditing(member)}
                            aria-label={`Modifier les rôles de ${member.name}`}
                          >
                            Modifier les rôles
                          </Button>
                          <Button
                            size="xs"
                            color="red.9"
                            onClick={() => {
                              removeMember.setGeneral([]);
                              setRemoving(member);
                            }}
                            aria-label={`Retirer ${member.name}`}
                          >
                            Retirer
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
        <CursorPager
          pagination={pagination}
          pageInfo={connection?.pageInfo}
          totalCount={connection?.totalCount}
          label="Pagination des membres"
          disabled={fetching}
        />
      </Stack>
      <MemberRolesModal member={editing} onClose={() => setEditing(null)} onSaved={refetch} />
      <ConfirmModal
        opened={removing !== null}
        title="Retirer le membre"
        confirmLabel="Retirer"
        onConfirm={() => void onRemove()}
        onCancel={() => setRemoving(null)}
        loading={removeMember.fetching}
        error={removeMember.general.join(" ") || null}
      >
        <Text size="sm">
          {removing?.name} n’aura plus accès à cette organisation. Son compte n’est pas supprimé.
        </Text>
      </ConfirmModal>
    </section>
  );
}

const STATUS_COLORS: Record<string, string> = {
  PENDING: "blue.9",
  ACCEPTED: "teal.9",
  EXPIRED: "gray.8",
  REVOKED: "red.9",
};

function InvitationsSection() {
  const pagination = useCursorPagination();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: InvitationsQuery,
    variables: { first: PAGE_SIZE, after: pagination.after },
    requestPolicy: "cache-and-network",
  });
  const revokeInvitation = useMutationWithErrors(RevokeInvitationMutation, (data) => data.revokeInvitation);
  const refetch = () => reexecute({ requestPolicy: "network-only" });

  async function onRevoke(id: string) {
    const outcome = await revokeInvitation.run({ id });
    // Revoked unless refused with a message (an answer without payload counts as revoked).
    if (outcome.ok || outcome.general.length === 0) refetch();
  }

  const connection = data?.invitations;
  return (
    <section aria-labelledby="invitations-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="invitations-heading">
          Invitations
        </Title>
        <FormAlert messages={[revokeInvitation.general.join(" ")]} title="Révocation impossible" />
        {fetching && !data ? (
          <LoadingState label="Chargement des invitations…" />
        ) : error && !data ? (
          <OperationError message="Impossible de charger les invitations." error={error} onRetry={refetch} />
        ) : connection && connection.edges.length === 0 ? (
          <Text>Aucune invitation.</Text>
        ) : (
          <TableScroll minWidth={640} label="Invitations">
            <Table striped withTableBorder aria-labelledby="invitations-heading" data-testid="invitations-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Adresse e-mail</Table.Th>
                  <Table.Th scope="col">Rôles</Table.Th>
                  <Table.Th scope="col">Statut</Table.Th>
                  <Table.Th scope="col">Expire le</Table.Th>
                  <Table.Th scope="col">Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {connection?.edges.map(({ node }) => (
                  <Table.Tr key={node.id} data-invitation={node.email}>
                    <Table.Td>{node.email}</Table.Td>
                    <Table.Td>
                      <RoleBadges roles={node.roles} />
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[node.status] ?? "gray.8"} variant="filled" tt="none">
                        {labelOf(INVITATION_STATUS_LABELS, node.status)}
                      </Badge>
                    </Table.Td>
                    <Table.Td title={formatDateTime(node.expiresAt)}>{formatDate(node.expiresAt)}</Table.Td>
                    <Table.Td>
                      {node.status === "PENDING" ? (
                        <Button
                          size="xs"
                          variant="default"
                          disabled={revokeInvitation.fetching}
                          onClick={() => void onRevoke(node.id)}
                          aria-label={`Révoquer l’invitation de ${node.email}`}
                        >
                          Révoquer
                        </Button>
                      ) : (
                        "—"
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
        <CursorPager
          pagination={pagination}
          pageInfo={connection?.pageInfo}
          totalCount={connection?.totalCount}
          label="Pagination des invitations"
          disabled={fetching}
        />
      </Stack>
    </section>
  );
}
