import { Anchor, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useDocumentTitle, useMediaQuery } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { exportHref } from "../components/csvExport";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { CursorPager, PAGE_SIZE } from "../components/pagination";
import { SortableTh } from "../components/SortableHeader";
import { TableScroll } from "../components/TableScroll";
import { useUrlPagination, useUrlView } from "../components/urlPagination";
import type { CandidateOrder, CandidatesQuery as CandidatesData } from "../gql/graphql";
import { CandidatesQuery } from "./candidateListDocuments";
import { PathwayChoicesQuery } from "./documents";
import { candidateName } from "./labels";
import { StatusBadge } from "./StatusBadge";

const ORDERS: { value: CandidateOrder; label: string }[] = [
  { value: "NAME_ASC", label: "Nom (A → Z)" },
  { value: "NAME_DESC", label: "Nom (Z → A)" },
  { value: "NEWEST_FIRST", label: "Inscrits récemment d’abord" },
  { value: "OLDEST_FIRST", label: "Inscrits il y a longtemps d’abord" },
];

type Entry = CandidatesData["candidates"]["edges"][number]["node"];

function Dossiers({ entry, title }: { entry: Entry; title: (code: string) => string }) {
  if (entry.dossiers.length === 0) return <Text size="sm">Aucun dossier</Text>;
  return (
    <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {entry.dossiers.map((dossier) => (
        <Group component="li" key={dossier.id} gap="xs" wrap="nowrap">
          <Anchor component={Link} to={`/dossiers/${dossier.id}`} size="sm">
            {title(dossier.certificationCode)}
          </Anchor>
          <StatusBadge status={dossier.status} />
        </Group>
      ))}
    </Stack>
  );
}

/**
 * `/candidats`: the organisation's candidates (org admins and advisers), searched, sorted
 * and paged, each with their dossiers. The view lives in the URL (`q`, `tri`, `pages`), so
 * Back from a dossier returns to it; on a phone, one card per candidate.
 */
export function CandidatesPage() {
  useDocumentTitle(pageTitle("Candidats"));
  const [params, update] = useUrlView();
  const pagination = useUrlPagination(params, update);
  const typed = params.get("q") ?? "";
  const chosen = params.get("tri");
  const order: CandidateOrder = ORDERS.some((o) => o.value === chosen) ? (chosen as CandidateOrder) : "NAME_ASC";
  const [search] = useDebouncedValue(typed.trim(), 350);
  const phone = useMediaQuery("(max-width: 48em)");
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: CandidatesQuery,
    variables: { first: PAGE_SIZE, after: pagination.after, search: search || null, order },
  });
  const [{ data: choices }] = useQuery({ query: PathwayChoicesQuery });
  const certificationTitle = (code: string) => choices?.certifications.find((c) => c.code === code)?.title ?? code;
  const [shown, setShown] = useState<CandidatesData | undefined>(undefined);
  useEffect(() => {
    if (data) setShown(data);
  }, [data]);
  const set = (name: string, value: string, fallback = "") =>
    update((next) => {
      if (value && value !== fallback) next.set(name, value);
      else next.delete(name);
      next.delete("pages");
    });
  const connection = (data ?? shown)?.candidates;
  const sorting = { order, onSort: (value: CandidateOrder) => set("tri", value, "NAME_ASC") };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Candidats</Title>
        <Group gap="sm">
          <Button component="a" href={exportHref("/exports/candidats.csv", params)} download variant="default">
            Exporter en CSV
          </Button>
          <Button component={Link} to="/dossiers/nouveau">
            Nouveau dossier
          </Button>
        </Group>
      </Group>
      <form role="search" aria-label="Recherche de candidats" onSubmit={(event) => event.preventDefault()}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Rechercher un candidat"
            placeholder="Nom ou prénom"
            type="search"
            value={typed}
            onChange={(event) => set("q", event.currentTarget.value)}
            style={{ flex: "1 1 16rem" }}
          />
          <Select
            label="Tri"
            data={ORDERS}
            value={order}
            onChange={(value) => set("tri", value ?? "NAME_ASC", "NAME_ASC")}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
      </form>
      {fetching && !connection ? (
        <LoadingState label="Chargement des candidats…" />
      ) : error && !data ? (
        <OperationError
          message="Impossible de charger les candidats."
          error={error}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : connection && connection.edges.length === 0 ? (
        <Text>Aucun candidat ne correspond à cette recherche.</Text>
      ) : phone ? (
        <Stack component="ul" gap="sm" aria-label="Liste des candidats" p={0} m={0} style={{ listStyle: "none" }}>
          {connection?.edges.map(({ node }) => (
            <Card component="li" key={node.candidate.id} withBorder padding="sm">
              <Stack gap={4}>
                <Text fw={600}>{candidateName(node.candidate)}</Text>
                <Text size="sm">Né(e) le {formatDay(node.candidate.birthDate)}</Text>
                <Dossiers entry={node} title={certificationTitle} />
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <TableScroll minWidth={720} label="Liste des candidats">
          <Table striped withTableBorder aria-busy={fetching || undefined}>
            <Table.Caption>Liste des candidats</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <SortableTh label="Candidat" ascending="NAME_ASC" descending="NAME_DESC" {...sorting} />
                <Table.Th scope="col">Date de naissance</Table.Th>
                <Table.Th scope="col">E-mail</Table.Th>
                <Table.Th scope="col">Dossiers</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {connection?.edges.map(({ node }) => (
                <Table.Tr key={node.candidate.id}>
                  <Table.Td fw={600}>{candidateName(node.candidate)}</Table.Td>
                  <Table.Td>{formatDay(node.candidate.birthDate)}</Table.Td>
                  <Table.Td>{node.candidate.email || "—"}</Table.Td>
                  <Table.Td>
                    <Dossiers entry={node} title={certificationTitle} />
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
        label="Pagination des candidats"
        disabled={fetching}
      />
    </Stack>
  );
}
