import { Button, Group, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { TableScroll } from "../components/TableScroll";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import type { SiteFieldsFragment } from "../gql/graphql";
import { SitesQuery } from "./documents";
import { OrganisationPageHeader } from "./OrganisationPageHeader";
import { SiteForm } from "./SiteForm";

type Editing = { mode: "create" } | { mode: "edit"; site: SiteFieldsFragment } | null;

/** `/organisation/sites`: the organisation's sites (SIRET), created/edited in a modal. */
export function SitesPage() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: SitesQuery });
  const [editing, setEditing] = useState<Editing>(null);
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const sites = data?.sites ?? [];

  return (
    <Stack gap="lg">
      <OrganisationPageHeader title="Sites" />
      <section aria-labelledby="sites-heading">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h3" id="sites-heading">
              Sites de l’organisation
            </Title>
            <Button onClick={() => setEditing({ mode: "create" })}>Ajouter un site</Button>
          </Group>
          {fetching && !data ? (
            <LoadingState label="Chargement des sites…" />
          ) : error && !data ? (
            <OperationError message="Impossible de charger les sites." error={error} onRetry={refetch} />
          ) : sites.length === 0 ? (
            <Text>Aucun site enregistré.</Text>
          ) : (
            <TableScroll minWidth={720} label="Sites de l’organisation">
              <Table striped withTableBorder aria-labelledby="sites-heading" data-testid="sites-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Nom</Table.Th>
                    <Table.Th scope="col">SIRET</Table.Th>
                    <Table.Th scope="col">Adresse</Table.Th>
                    <Table.Th scope="col">Département</Table.Th>
                    <Table.Th scope="col">Région</Table.Th>
                    <Table.Th scope="col">Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sites.map((site) => (
                    <Table.Tr key={site.id} data-site={site.siret}>
                      <Table.Td>{site.name}</Table.Td>
                      <Table.Td ff="monospace">{site.siret}</Table.Td>
                      <Table.Td>
                        {site.addressLine}, {site.postalCode} {site.city}
                      </Table.Td>
                      <Table.Td>{site.departement}</Table.Td>
                      <Table.Td>{site.region}</Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setEditing({ mode: "edit", site })}
                          aria-label={`Modifier le site ${site.name}`}
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
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === "edit" ? `Modifier le site ${editing.site.name}` : "Nouveau site"}
        size="lg"
        centered
      >
        {editing && (
          <SiteForm
            key={editing.mode === "edit" ? editing.site.id : "new"}
            site={editing.mode === "edit" ? editing.site : undefined}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              refetch();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
