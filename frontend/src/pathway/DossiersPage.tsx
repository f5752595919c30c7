import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useViewer } from "../auth/session";
import { pageTitle } from "../branding";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { CursorPager, PAGE_SIZE, useCursorPagination } from "../components/pagination";
import { TableScroll } from "../components/TableScroll";
import type { DossierOrder, DossiersQuery as DossiersData, DossierStatus } from "../gql/graphql";
import { DossiersQuery, PathwayChoicesQuery } from "./documents";
import { candidateName, capitalize, NEXT_STEP_LABELS, STATUS_LABELS, STATUS_ORDER } from "./labels";
import { canEvaluate, canManageDossiers } from "./permissions";
import { MyWorkPanel } from "./MyWorkPanel";
import { CorrectionRequestsPanel } from "../candidateSpace/CorrectionRequestsPanel";
import { StatusBadge } from "./StatusBadge";

const ALL = "TOUS";

export interface DossierFilterValues {
  /** "" or the viewer's id. */
  adviserId: string;
  evaluatorId: string;
  order: DossierOrder;
  certificationCode: string;
  siteId: string;
  search: string;
  /** `YYYY-MM-DD` or "". */
  openedFrom: string;
  openedTo: string;
}

const NO_FILTER: DossierFilterValues = {
  adviserId: "",
  evaluatorId: "",
  order: "NEWEST_FIRST",
  certificationCode: "",
  siteId: "",
  search: "",
  openedFrom: "",
  openedTo: "",
};

/** Variables of the list query (empty filters omitted). */
export function dossierVariables(status: string, filters: DossierFilterValues, search: string) {
  const variables: {
    status?: DossierStatus[];
    certificationCode?: string;
    siteId?: string;
    search?: string;
    openedFrom?: string;
    openedTo?: string;
    adviserId?: string;
    evaluatorId?: string;
    order?: DossierOrder;
  } = {};
  if (filters.order !== "NEWEST_FIRST") variables.order = filters.order;
  if (filters.adviserId) variables.adviserId = filters.adviserId;
  if (filters.evaluatorId) variables.evaluatorId = filters.evaluatorId;
  if (status !== ALL) variables.status = [status as DossierStatus];
  if (filters.certificationCode) variables.certificationCode = filters.certificationCode;
  if (filters.siteId) variables.siteId = filters.siteId;
  if (search) variables.search = search;
  const datesValid = !(filters.openedFrom && filters.openedTo && filters.openedFrom > filters.openedTo);
  if (datesValid && /^\d{4}-\d{2}-\d{2}$/.test(filters.openedFrom)) variables.openedFrom = filters.openedFrom;
  if (datesValid && /^\d{4}-\d{2}-\d{2}$/.test(filters.openedTo)) variables.openedTo = filters.openedTo;
  return variables;
}

/** `/dossiers`: dossiers of the active organisation, by status, filtered, paginated. */
export function DossiersPage() {
  useDocumentTitle(pageTitle("Dossiers"));
  const { viewer } = useViewer();
  const viewerId = viewer?.user?.id ?? "";
  const pagination = useCursorPagination();
  const { reset } = pagination;
  const [status, setStatus] = useState<string>(ALL);
  const [filters, setFilters] = useState<DossierFilterValues>(NO_FILTER);
  const [search] = useDebouncedValue(filters.search.trim(), 350);
  const [{ data: choices }] = useQuery({ query: PathwayChoicesQuery });
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DossiersQuery,
    variables: { first: PAGE_SIZE, after: pagination.after, ...dossierVariables(status, filters, search) },
  });

  // Keep the last answer on screen while the next one loads (tabs and rows do not flicker).
  const [shown, setShown] = useState<DossiersData | undefined>(undefined);
  useEffect(() => {
    if (data) setShown(data);
  }, [data]);
  useEffect(() => reset(), [search, reset]);

  const setFilter = (name: keyof DossierFilterValues) => (value: string) => {
    setFilters((current) => ({ ...current, [name]: value }));
    if (name !== "search") reset();
  };

  const current = data ?? shown;
  const connection = current?.dossiers;
  const counts = new Map(connection?.countsByStatus.map((c) => [c.status, c.count]) ?? []);
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const certificationTitle = (code: string) =>
    choices?.certifications.find((c) => c.code === code)?.title ?? code;
  const dateError =
    filters.openedFrom && filters.openedTo && filters.openedFrom > filters.openedTo
      ? "La date de fin doit suivre la date de début."
      : undefined;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Dossiers</Title>
          {viewer?.activeOrganisation && (
            <Text mt={4}>
              Organisation : <Text span fw={700}>{viewer.activeOrganisation.name}</Text>
            </Text>
          )}
        </div>
        {canManageDossiers(viewer) && (
          <Group gap="sm">
            <Button component={Link} to="/dossiers/import" variant="default">
              Importer un fichier
            </Button>
            <Button component={Link} to="/dossiers/nouveau">
              Nouveau dossier
            </Button>
          </Group>
        )}
      </Group>

      <MyWorkPanel ready={shown !== undefined} />
      {canManageDossiers(viewer) && <CorrectionRequestsPanel ready={shown !== undefined} />}

      <form role="search" aria-label="Filtres des dossiers" onSubmit={(event) => event.preventDefault()}>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
          <TextInput
            label="Rechercher un candidat"
            placeholder="Nom ou prénom"
            type="search"
            value={filters.search}
            onChange={(event) => setFilter("search")(event.currentTarget.value)}
          />
          <Select
            label="Certification"
            data={[
              { value: ALL, label: "Toutes les certifications" },
              ...(choices?.certifications ?? []).map((c) => ({ value: c.code, label: c.title })),
            ]}
            value={filters.certificationCode || ALL}
            onChange={(value) => setFilter("certificationCode")(!value || value === ALL ? "" : value)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Site"
            data={[
              { value: ALL, label: "Tous les sites" },
              ...(choices?.sites ?? []).map((s) => ({ value: s.id, label: s.name })),
            ]}
            value={filters.siteId || ALL}
            onChange={(value) => setFilter("siteId")(!value || value === ALL ? "" : value)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label="Ouvert depuis le"
            type="date"
            value={filters.openedFrom}
            onChange={(event) => setFilter("openedFrom")(event.currentTarget.value)}
          />
          <TextInput
            label="Ouvert jusqu’au"
            type="date"
            value={filters.openedTo}
            onChange={(event) => setFilter("openedTo")(event.currentTarget.value)}
            error={dateError}
          />
          <Select
            label="Tri"
            data={[
              { value: "NEWEST_FIRST", label: "Les plus récents d’abord" },
              { value: "OLDEST_FIRST", label: "Les plus anciens d’abord" },
            ]}
            value={filters.order}
            onChange={(value) => setFilter("order")(value ?? "NEWEST_FIRST")}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        {viewerId && (canManageDossiers(viewer) || canEvaluate(viewer)) && (
          <Group gap="lg" mt="sm">
            {canManageDossiers(viewer) && (
              <Checkbox
                label="Uniquement mes dossiers"
                checked={filters.adviserId !== ""}
                onChange={(event) => setFilter("adviserId")(event.currentTarget.checked ? viewerId : "")}
              />
            )}
            {canEvaluate(viewer) && (
              <Checkbox
                label="Uniquement les dossiers que j’évalue"
                checked={filters.evaluatorId !== ""}
                onChange={(event) => setFilter("evaluatorId")(event.currentTarget.checked ? viewerId : "")}
              />
            )}
          </Group>
        )}
        {filters !== NO_FILTER && (
          <Group mt="xs">
            <Button
              variant="default"
              size="xs"
              onClick={() => {
                setFilters(NO_FILTER);
                reset();
              }}
            >
              Réinitialiser les filtres
            </Button>
          </Group>
        )}
      </form>

      <Tabs
        value={status}
        onChange={(value) => {
          setStatus(value ?? ALL);
          reset();
        }}
        keepMounted={false}
        activateTabWithKeyboard
      >
        <Tabs.List aria-label="Statut des dossiers">
          <Tabs.Tab value={ALL}>Tous{connection ? ` (${total})` : ""}</Tabs.Tab>
          {STATUS_ORDER.map((value) => (
            <Tabs.Tab key={value} value={value} data-status={value}>
              {capitalize(STATUS_LABELS[value])}
              {connection ? ` (${counts.get(value) ?? 0})` : ""}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={status} pt="md">
          <Stack gap="sm">
            {fetching && !current ? (
              <LoadingState label="Chargement des dossiers…" />
            ) : error && !data ? (
              <OperationError
                message="Impossible de charger les dossiers."
                error={error}
                onRetry={() => reexecute({ requestPolicy: "network-only" })}
              />
            ) : connection && connection.edges.length === 0 ? (
              <Text>Aucun dossier ne correspond à ces critères.</Text>
            ) : (
              <TableScroll minWidth={860} label="Liste des dossiers">
                <Table striped withTableBorder data-testid="dossiers-table" aria-busy={fetching || undefined}>
                  <Table.Caption>Liste des dossiers</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Candidat</Table.Th>
                      <Table.Th scope="col">Certification</Table.Th>
                      <Table.Th scope="col">Statut</Table.Th>
                      <Table.Th scope="col">Ouvert le</Table.Th>
                      <Table.Th scope="col">Prochaine étape</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {connection?.edges.map(({ node }) => (
                      <Table.Tr key={node.id} data-dossier={node.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/dossiers/${node.id}`} fw={600}>
                            {candidateName(node.candidate)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{certificationTitle(node.certificationCode)}</Table.Td>
                        <Table.Td>
                          <StatusBadge status={node.status} />
                        </Table.Td>
                        <Table.Td>{formatDay(node.openedAt)}</Table.Td>
                        <Table.Td>
                          {NEXT_STEP_LABELS[node.status]}
                          {(node.status === "INITIAL_EVALUATION" || node.status === "FINAL_EVALUATION") &&
                            node.progress.total > 0 && (
                              <Text span size="sm" display="block" data-testid="grid-progress">
                                {node.progress.evaluated}/{node.progress.total} renseignés
                              </Text>
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
              label="Pagination des dossiers"
              disabled={fetching}
            />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

