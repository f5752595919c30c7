import { Badge, Button, Group, Modal, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import type { JuryMemberFieldsFragment } from "../gql/graphql";
import { REGIONS } from "../organisation/regions";
import { JuryMembersQuery } from "./documents";
import { JuryMemberForm } from "./JuryMemberForm";
import { SIDE_SHORT_LABELS } from "./labels";
import { useCertifications } from "./useCertifications";

const ALL = "__tous__";
const REGION_OPTIONS = [{ value: ALL, label: "Toutes les régions" }, ...REGIONS.map((r) => ({ value: r, label: r }))];

/** `/plateforme/jury/membres` (Certif'Pro admin): the roster per région and certification. */
export function JuryRosterPage() {
  useDocumentTitle(pageTitle("Vivier du jury"));
  const certifications = useCertifications();
  const [region, setRegion] = useState<string>(ALL);
  const [certification, setCertification] = useState<string>(ALL);
  const [editing, setEditing] = useState<JuryMemberFieldsFragment | null>(null);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: JuryMembersQuery,
    variables: {
      region: region === ALL ? null : region,
      certificationCode: certification === ALL ? null : certification,
    },
    requestPolicy: "cache-and-network",
  });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const members = data?.juryMembers ?? [];

  return (
    <Stack gap="xl">
      <Title order={1}>Vivier du jury</Title>
      <section aria-labelledby="roster-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="roster-heading">
            Membres du vivier
          </Title>
          <Group gap="sm" align="flex-end" role="search" aria-label="Filtres du vivier">
            <Select
              label="Région"
              data={REGION_OPTIONS}
              value={region}
              onChange={(value) => setRegion(value ?? ALL)}
              allowDeselect={false}
              searchable
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label="Certification"
              data={[{ value: ALL, label: "Toutes les certifications" }, ...certifications.options]}
              value={certification}
              onChange={(value) => setCertification(value ?? ALL)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              miw={280}
            />
          </Group>
          {fetching && !data ? (
            <LoadingState label="Chargement du vivier…" />
          ) : error && !data ? (
            <OperationError message="Impossible de charger le vivier." error={error} onRetry={refetch} />
          ) : members.length === 0 ? (
            <Text>Aucun membre ne correspond à ces critères.</Text>
          ) : (
            <TableScroll minWidth={900} label="Membres du vivier">
              <Table striped withTableBorder aria-labelledby="roster-heading" data-testid="roster-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Nom</Table.Th>
                    <Table.Th scope="col">Collège</Table.Th>
                    <Table.Th scope="col">Organisation représentée</Table.Th>
                    <Table.Th scope="col">Région</Table.Th>
                    <Table.Th scope="col">Certifications</Table.Th>
                    <Table.Th scope="col">Organismes liés (SIREN)</Table.Th>
                    <Table.Th scope="col">Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {members.map((member) => (
                    <Table.Tr key={member.id} data-member={member.email}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {member.fullName}
                        </Text>
                        <Text size="xs">{member.email}</Text>
                        {!member.active && (
                          <Badge color="gray.8" variant="filled" tt="none" mt={4}>
                            Retiré du vivier
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{SIDE_SHORT_LABELS[member.side]}</Table.Td>
                      <Table.Td>{member.body}</Table.Td>
                      <Table.Td>{member.region}</Table.Td>
                      <Table.Td>{member.certificationCodes.map(certifications.shortTitleOf).join(", ")}</Table.Td>
                      <Table.Td ff="monospace">{member.affiliations.join(", ") || "—"}</Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setEditing(member)}
                          aria-label={`Modifier ${member.fullName}`}
                        >
                          Modifier
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </Stack>
      </section>
      <section aria-labelledby="new-member-heading">
        <Title order={2} size="h3" id="new-member-heading" mb="sm">
          Ajouter un membre du jury
        </Title>
        <JuryMemberForm certifications={certifications.options} onSaved={refetch} />
      </section>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? `Modifier ${editing.fullName}` : ""}
        size="lg"
      >
        {editing && (
          <JuryMemberForm
            key={editing.id}
            certifications={certifications.options}
            member={editing}
            onSaved={() => {
              setEditing(null);
              refetch();
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}
