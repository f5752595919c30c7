import {
  Anchor,
  Button,
  Card,
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
import { useDebouncedValue, useDocumentTitle, useMediaQuery } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useViewer } from "../auth/session";
import { pageTitle } from "../branding";
import { DateField } from "../components/DateField";
import { isIsoDay } from "../components/dates";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { CursorPager, PAGE_SIZE } from "../components/pagination";
import { useUrlPagination, useUrlView } from "../components/urlPagination";
import { exportHref } from "../components/csvExport";
import { SortableTh } from "../components/SortableHeader";
import { TableScroll } from "../components/TableScroll";
import type { DossierOrder, DossiersQuery as DossiersData, DossierStatus } from "../gql/graphql";
import { DossiersQuery, PathwayChoicesQuery } from "./documents";
import { candidateName, capitalize, NEXT_STEP_LABELS, STATUS_LABELS, STATUS_ORDER } from "./labels";
import { canEvaluate, canManageDossiers, isTrainer } from "./permissions";
import { MyWorkPanel } from "./MyWorkPanel";
import { CorrectionRequestsPanel } from "../candidateSpace/CorrectionRequestsPanel";
import { StatusBadge } from "./StatusBadge";

const ALL = "TOUS";

/** The list's orders (the server sorts; the table's headers choose them too). */
export const DOSSIER_ORDERS: { value: DossierOrder; label: string }[] = [
  { value: "NEWEST_FIRST", label: "Les plus récents d’abord" },
  { value: "OLDEST_FIRST", label: "Les plus anciens d’abord" },
  { value: "NAME_ASC", label: "Nom du candidat (A → Z)" },
  { value: "NAME_DESC", label: "Nom du candidat (Z → A)" },
  { value: "STATUS_ASC", label: "Statut, du début à la fin du parcours" },
  { value: "STATUS_DESC", label: "Statut, de la fin au début du parcours" },
  { value: "DEADLINE_ASC", label: "Échéance la plus proche d’abord" },
  { value: "DEADLINE_DESC", label: "Échéance la plus lointaine d’abord" },
];

export interface DossierFilterValues {
  /** "" or the viewer's id. */
  adviserId: string;
  evaluatorId: string;
  trainerId: string;
  order: DossierOrder;
  certificationCode: string;
  siteId: string;
  search: string;
  /** `YYYY-MM-DD` or "". */
  openedFrom: string;
  openedTo: string;
}


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
    trainerId?: string;
    order?: DossierOrder;
  } = {};
  if (filters.order !== "NEWEST_FIRST") variables.order = filters.order;
  if (filters.adviserId) variables.adviserId = filters.adviserId;
  if (filters.evaluatorId) variables.evaluatorId = filters.evaluatorId;
  if (filters.trainerId) variables.trainerId = filters.trainerId;
  if (status !== ALL) variables.status = [status as DossierStatus];
  if (filters.certificationCode) variables.certificationCode = filters.certificationCode;
  if (filters.siteId) variables.siteId = filters.siteId;
  if (search) variables.search = search;
  const datesValid = !(filters.openedFrom && filters.openedTo && filters.openedFrom > filters.openedTo);
  if (datesValid && /^\d{4}-\d{2}-\d{2}$/.test(filters.openedFrom)) variables.openedFrom = filters.openedFrom;
  if (datesValid && /^\d{4}-\d{2}-\d{2}$/.test(filters.openedTo)) variables.openedTo = filters.openedTo;
  return variables;
}

/** The list's state in the URL (`?statut=…&q=…&pages=…`): Back returns to the same view,
 * and a view can be bookmarked or shared. « Mine » filters say `moi`, not an identifier. */
const PARAMS: Record<Exclude<keyof DossierFilterValues, "adviserId" | "evaluatorId" | "trainerId">, string> = {
  search: "q",
  certificationCode: "certification",
  siteId: "site",
  openedFrom: "du",
  openedTo: "au",
  order: "tri",
};
const MINE: Record<"adviserId" | "evaluatorId" | "trainerId", string> = {
  adviserId: "conseiller",
  evaluatorId: "evaluateur",
  trainerId: "formateur",
};

export function filtersFromParams(params: URLSearchParams, viewerId: string): DossierFilterValues {
  const mine = (name: keyof typeof MINE) => (params.get(MINE[name]) === "moi" ? viewerId : "");
  const order = params.get(PARAMS.order);
  return {
    adviserId: mine("adviserId"),
    evaluatorId: mine("evaluatorId"),
    trainerId: mine("trainerId"),
    order: DOSSIER_ORDERS.some((option) => option.value === order) ? (order as DossierOrder) : "NEWEST_FIRST",
    certificationCode: params.get(PARAMS.certificationCode) ?? "",
    siteId: params.get(PARAMS.siteId) ?? "",
    search: params.get(PARAMS.search) ?? "",
    openedFrom: params.get(PARAMS.openedFrom) ?? "",
    openedTo: params.get(PARAMS.openedTo) ?? "",
  };
}

/** `/dossiers`: dossiers of the active organisation, by status, filtered, paginated. */
export function DossiersPage() {
  useDocumentTitle(pageTitle("Dossiers"));
  const { viewer } = useViewer();
  const viewerId = viewer?.user?.id ?? "";
  const [params, update] = useUrlView();
  const pagination = useUrlPagination(params, update);
  const status = params.get("statut") ?? ALL;
  const filters = filtersFromParams(params, viewerId);
  const filtered = [...Object.values(PARAMS), ...Object.values(MINE)].some((name) => params.has(name));
  const [search] = useDebouncedValue(filters.search.trim(), 350);
  const phone = useMediaQuery("(max-width: 48em)");
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
  const setFilter = (name: keyof DossierFilterValues) => (value: string) =>
    update((next) => {
      if (name === "adviserId" || name === "evaluatorId" || name === "trainerId") {
        if (value) next.set(MINE[name], "moi");
        else next.delete(MINE[name]);
      } else {
        const key = PARAMS[name];
        if (value && !(name === "order" && value === "NEWEST_FIRST")) next.set(key, value);
        else next.delete(key);
      }
      // Another filter: another list, from its first page.
      next.delete("pages");
    });

  // A date filter changes the URL (and the list) once a whole day is typed, or the field is
  // emptied: a day being typed stays in the field, the URL keeps the last whole day.
  const setDateFilter = (name: "openedFrom" | "openedTo") => (value: string) => {
    if (value === "" || isIsoDay(value)) setFilter(name)(value);
  };

  const sorting = {
    order: filters.order,
    onSort: (order: DossierOrder) => setFilter("order")(order),
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
        <Group gap="sm">
          <Button component="a" href={exportHref("/exports/dossiers.csv", params)} download variant="default">
            Exporter en CSV
          </Button>
          {canManageDossiers(viewer) && (
            <>
            <Button component={Link} to="/dossiers/import" variant="default">
              Importer un fichier
            </Button>
            <Button component={Link} to="/dossiers/nouveau">
              Nouveau dossier
            </Button>
            </>
          )}
        </Group>
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
          <DateField
            label="Ouvert depuis le"
            value={filters.openedFrom}
            onChange={setDateFilter("openedFrom")}
          />
          <DateField
            label="Ouvert jusqu’au"
            value={filters.openedTo}
            onChange={setDateFilter("openedTo")}
            error={dateError}
          />
          <Select
            label="Tri"
            data={DOSSIER_ORDERS}
            value={filters.order}
            onChange={(value) => setFilter("order")(value ?? "NEWEST_FIRST")}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        {viewerId && (canManageDossiers(viewer) || canEvaluate(viewer) || isTrainer(viewer)) && (
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
            {isTrainer(viewer) && (
              <Checkbox
                label="Uniquement les dossiers que je forme"
                checked={filters.trainerId !== ""}
                onChange={(event) => setFilter("trainerId")(event.currentTarget.checked ? viewerId : "")}
              />
            )}
          </Group>
        )}
        {filtered && (
          <Group mt="xs">
            <Button
              variant="default"
              size="xs"
              onClick={() =>
                update((next) => {
                  for (const name of [...Object.values(PARAMS), ...Object.values(MINE), "pages"]) next.delete(name);
                })
              }
            >
              Réinitialiser les filtres
            </Button>
          </Group>
        )}
      </form>

      <Tabs
        value={status}
        onChange={(value) =>
          update((next) => {
            if (value && value !== ALL) next.set("statut", value);
            else next.delete("statut");
            next.delete("pages");
          })
        }
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
            ) : phone ? (
              <Stack component="ul" gap="sm" aria-label="Liste des dossiers" data-testid="dossiers-cards" p={0} m={0} style={{ listStyle: "none" }}>
                {connection?.edges.map(({ node }) => (
                  <Card component="li" key={node.id} withBorder padding="sm" data-dossier={node.id}>
                    <Stack gap={4}>
                      <Group justify="space-between" gap="xs">
                        <Anchor component={Link} to={`/dossiers/${node.id}`} fw={600}>
                          {candidateName(node.candidate)}
                        </Anchor>
                        <StatusBadge status={node.status} />
                      </Group>
                      <Text size="sm">{certificationTitle(node.certificationCode)}</Text>
                      <Text size="sm">Ouvert le {formatDay(node.openedAt)}</Text>
                      {node.windowEndsOn && <Text size="sm">Échéance : {formatDay(node.windowEndsOn)}</Text>}
                      <Text size="sm">
                        Prochaine étape : {NEXT_STEP_LABELS[node.status]}
                        {(node.status === "INITIAL_EVALUATION" || node.status === "FINAL_EVALUATION") &&
                          node.progress.total > 0 &&
                          ` (${node.progress.evaluated}/${node.progress.total} renseignés)`}
                      </Text>
                    </Stack>
                  </Card>
                ))}
              </Stack>
            ) : (
              <TableScroll minWidth={960} label="Liste des dossiers">
                <Table striped withTableBorder data-testid="dossiers-table" aria-busy={fetching || undefined}>
                  <Table.Caption>Liste des dossiers</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <SortableTh label="Candidat" ascending="NAME_ASC" descending="NAME_DESC" {...sorting} />
                      <Table.Th scope="col">Certification</Table.Th>
                      <SortableTh label="Statut" ascending="STATUS_ASC" descending="STATUS_DESC" {...sorting} />
                      <SortableTh
                        label="Ouvert le"
                        ascending="OLDEST_FIRST"
                        descending="NEWEST_FIRST"
                        first="NEWEST_FIRST"
                        {...sorting}
                      />
                      <SortableTh label="Échéance" ascending="DEADLINE_ASC" descending="DEADLINE_DESC" {...sorting} />
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
                        <Table.Td>{formatDay(node.windowEndsOn)}</Table.Td>
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

