import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { labelOf, NETWORK_LABELS } from "../auth/labels";
import { SCOPE_LABELS } from "./labels";
import { pageTitle } from "../branding";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { CursorPager, useCursorPagination } from "../components/pagination";
import { QueryError } from "../components/QueryError";
import type { EvaluatorDirectoryQuery as DirectoryResult } from "../gql/graphql";
import { EvaluatorDirectoryQuery } from "./documents";
import {
  DirectoryFilters,
  directoryVariables,
  filtersFromParams,
  paramsFromFilters,
  type DirectoryFilterValues,
} from "./DirectoryFilters";
import { useCertificationTitles } from "./useCertificationTitles";

type Entry = DirectoryResult["evaluatorDirectory"]["edges"][number]["node"];

/** Sites per page of the directory. */
export const DIRECTORY_PAGE_SIZE = 20;

/** `/organismes-evaluateurs` (public): accredited sites, filtered, without a map. */
export function DirectoryPage() {
  useDocumentTitle(pageTitle("Trouver un organisme évaluateur"));
  const [searchParams, setSearchParams] = useSearchParams();
  const [filters, setFilters] = useState<DirectoryFilterValues>(() => filtersFromParams(searchParams));
  const [debounced] = useDebouncedValue(filters, 300);
  const variables = useMemo(() => directoryVariables(debounced), [debounced]);
  const pagination = useCursorPagination();
  const { reset } = pagination;
  const certifications = useCertificationTitles();

  // A new search starts on page 1…
  const searchKey = JSON.stringify(variables);
  useEffect(() => reset(), [searchKey, reset]);
  // …and the URL keeps the filters (shareable link). setSearchParams changes with
  // the location: a ref keeps this effect to filter changes only.
  const setParams = useRef(setSearchParams);
  setParams.current = setSearchParams;
  useEffect(() => {
    setParams.current(paramsFromFilters(debounced), { replace: true });
  }, [debounced]);

  const [{ data, fetching, error }, reexecute] = useQuery({
    query: EvaluatorDirectoryQuery,
    variables: { first: DIRECTORY_PAGE_SIZE, after: pagination.after, ...variables },
  });
  const connection = data?.evaluatorDirectory;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Trouver un organisme évaluateur</Title>
        <Text mt="xs">
          Les organismes ci-dessous sont habilités par Certif'Pro à évaluer les candidats. Contactez
          directement le site le plus proche pour commencer votre parcours.
        </Text>
        <Text mt="xs" size="sm">
          Vous êtes un organisme de formation ?{" "}
          <Anchor component={Link} to="/demander-une-habilitation">
            Demander une habilitation
          </Anchor>
        </Text>
      </div>
      <DirectoryFilters value={filters} onChange={setFilters} certifications={certifications.options} />
      <Text role="status" aria-live="polite" data-testid="directory-count">
        {connection ? countText(connection.totalCount) : fetching ? "Recherche…" : ""}
      </Text>
      {fetching && !data ? (
        <LoadingState label="Recherche des organismes…" skeletons={2} />
      ) : error && !data ? (
        <QueryError
          message="Impossible de charger l’annuaire des organismes évaluateurs."
          error={error}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : connection && connection.edges.length === 0 ? (
        <Text>Aucun organisme habilité ne correspond à ces critères. Élargissez la recherche.</Text>
      ) : (
        <SimpleGrid
          cols={{ base: 1, md: 2 }}
          spacing="md"
          component="ul"
          aria-label="Organismes évaluateurs habilités"
          style={{ listStyle: "none", padding: 0, margin: 0 }}
        >
          {connection?.edges.map(({ node }) => (
            <li key={node.siteId}>
              <DirectoryCard entry={node} titleOf={certifications.titleOf} />
            </li>
          ))}
        </SimpleGrid>
      )}
      <CursorPager
        pagination={pagination}
        pageInfo={connection?.pageInfo}
        label="Pagination de l’annuaire"
        disabled={fetching}
      />
      <OpenData />
    </Stack>
  );
}

/** Years of the national statistics offered for download (this one and the four before). */
const OPEN_DATA_YEARS = 5;

/** Open data: the directory and the national statistics (masked) as CSV, no sign-in. */
export function OpenData({ year = new Date().getFullYear() }: { year?: number }) {
  const years = `du=${year - OPEN_DATA_YEARS + 1}&au=${year}`;
  return (
    <section aria-labelledby="donnees-ouvertes">
      <Title order={2} size="h4" id="donnees-ouvertes">
        Données ouvertes
      </Title>
      <Text size="sm" mt="xs">
        Fichiers CSV (séparateur point-virgule, UTF-8) réutilisables librement. Dans les statistiques, les effectifs
        de moins de 5 personnes sont masqués.
      </Text>
      <Stack gap={4} mt="xs" component="ul" style={{ paddingLeft: "1.2rem" }}>
        <li>
          <Anchor href="/exchange/annuaire.csv" download>
            Annuaire des organismes évaluateurs (CSV)
          </Anchor>
        </li>
        <li>
          <Anchor href={`/exchange/statistiques/parcours.csv?${years}`} download>
            Statistiques nationales : parcours des candidats par certification et par année (CSV)
          </Anchor>
        </li>
        <li>
          <Anchor href={`/exchange/statistiques/repartitions.csv?${years}`} download>
            Statistiques nationales : répartition par région, statut, âge et sexe (CSV)
          </Anchor>
        </li>
      </Stack>
    </section>
  );
}

function countText(count: number): string {
  if (count === 0) return "Aucun site trouvé.";
  return count === 1 ? "1 site trouvé." : `${count.toLocaleString("fr-FR")} sites trouvés.`;
}

function DirectoryCard({ entry, titleOf }: { entry: Entry; titleOf: (code: string) => string }) {
  const titleId = useId();
  return (
    <Card withBorder padding="lg" h="100%" component="article" aria-labelledby={titleId} data-site-id={entry.siteId}>
      <Stack gap="xs">
        <Title order={2} size="h4" id={titleId}>
          {entry.organisationName} — {entry.siteName}
        </Title>
        {entry.network && <Text size="sm">Réseau : {labelOf(NETWORK_LABELS, entry.network)}</Text>}
        <Text component="address" style={{ fontStyle: "normal" }} data-testid="directory-address">
          {entry.addressLine}
          <br />
          {entry.postalCode} {entry.city}
          <br />
          Département {entry.departement}, {entry.region}
        </Text>
        {(entry.contactEmail || entry.contactPhone) && (
          <Stack gap={2}>
            {entry.contactEmail && (
              <Text size="sm">
                Courriel : <Anchor href={`mailto:${entry.contactEmail}`}>{entry.contactEmail}</Anchor>
              </Text>
            )}
            {entry.contactPhone && (
              <Text size="sm">
                Téléphone :{" "}
                <Anchor href={`tel:${entry.contactPhone.replace(/\s/g, "")}`}>{entry.contactPhone}</Anchor>
              </Text>
            )}
          </Stack>
        )}
        <Group gap="xs" aria-label="Certifications habilitées" role="list">
          {entry.certificationCodes.map((code) => (
            <Badge key={code} variant="filled" color="blue.9" tt="none" role="listitem">
              {titleOf(code)}
            </Badge>
          ))}
        </Group>
        <Text size="sm" data-testid="directory-scope">
          Habilité pour : {SCOPE_LABELS[entry.scope].toLowerCase()}
        </Text>
        <Text size="sm">Habilité jusqu’au {formatDay(entry.validUntil)}</Text>
      </Stack>
    </Card>
  );
}
