import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Group,
  List,
  Paper,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { LoadingState } from "../components/LoadingState";
import { QueryError } from "../components/QueryError";
import type { ReferentielQuery as ReferentielQueryResult } from "../gql/graphql";
import { ReferentielQuery } from "../graphql/documents";
import {
  formatCount,
  formatLevelCounts,
  leafLevelName,
  lowerFirst,
  sortLevels,
  versionName,
} from "../referentiel/labels";
import { PROVISIONAL_ITEM_HINT } from "../referentiel/ProvisionalBadge";
import { ReferentielTree } from "../referentiel/ReferentielTree";
import { SourcesDisclosure } from "../referentiel/SourcesDisclosure";

type ReferentielResult = ReferentielQueryResult["referentiel"];
type ReferentielVersion = Extract<ReferentielResult, { __typename: "ReferentielVersion" }>;

const STATUS_LABELS: Record<string, string> = {
  DRAFT: "Brouillon",
  PUBLISHED: "Publiée",
  RETIRED: "Retirée",
};

/** `/certifications/:code`: the current référentiel version as a tree. */
export function ReferentielPage() {
  const { code = "" } = useParams();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ReferentielQuery,
    variables: { code },
  });
  const certification = data?.certifications.find((c) => c.code === code);
  const heading = certification?.title ?? code;
  useDocumentTitle(pageTitle(`Référentiel ${heading}`));

  const result = data?.referentiel;

  return (
    <Stack gap="lg">
      <Breadcrumbs component="nav" aria-label="Fil d’Ariane" separator="›">
        <Anchor component={Link} to="/certifications">
          Certifications
        </Anchor>
        <Text span aria-current="page">
          {heading}
        </Text>
      </Breadcrumbs>
      <div>
        <Title order={1}>{heading}</Title>
        <Text size="sm" mt={4}>
          Code : <Text span ff="monospace" fw={600}>{code}</Text>
          {certification && <> · Certificateur : {certification.certifier}</>}
        </Text>
      </div>
      {fetching && !data ? (
        <LoadingState label="Chargement du référentiel…" skeletons={4} />
      ) : error && !data ? (
        <QueryError
          message="Impossible de charger le référentiel."
          error={error}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : result?.__typename === "ReferentielNotFound" ? (
        <Alert color="warning" variant="light" title="Référentiel introuvable">
          <Text size="sm">{result.message}</Text>
          <Anchor
            component={Link}
            to="/certifications"
            size="sm"
            c="blue.9"
            underline="always"
          >
            Retour à la liste des certifications
          </Anchor>
        </Alert>
      ) : result?.__typename === "ReferentielVersion" ? (
        <ReferentielDetails version={result} />
      ) : null}
    </Stack>
  );
}

function formatDate(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat("fr-FR", { dateStyle: "long" }).format(date);
}

function ReferentielDetails({ version }: { version: ReferentielVersion }) {
  const levels = sortLevels(version.levels);
  const leafName = leafLevelName(levels);
  const publishedAt = formatDate(version.publishedAt);
  const hasProvisionalItems = version.items.some((item) => item.provisional);

  return (
    <Stack gap="lg" data-version={version.version}>
      <Group gap="xs">
        <Text>
          Version : <Text span fw={600}>{versionName(version.version)}</Text>
          {versionName(version.version) !== version.version && (
            <Text span size="sm">
              {" "}
              (identifiant {version.version})
            </Text>
          )}
        </Text>
        <Badge variant="outline" color="gray.8" tt="none" size="sm">
          {STATUS_LABELS[version.status] ?? version.status}
        </Badge>
        {publishedAt && <Text size="sm">publiée le {publishedAt}</Text>}
      </Group>

      {version.provisional ? (
        <Alert
          color="warning"
          variant="light"
          title="Version provisoire"
          data-testid="provisional-notice"
        >
          <Stack gap="xs">
            <Text size="sm">
              Cette version n’est pas le texte officiel du référentiel : certains
              intitulés peuvent encore changer.
            </Text>
            <VersionNotes notes={version.notes} />
            <SourcesDisclosure sources={version.provenance} />
          </Stack>
        </Alert>
      ) : (
        (version.notes.length > 0 || version.provenance.length > 0) && (
          <Paper withBorder p="md">
            <Stack gap="xs">
              <VersionNotes notes={version.notes} />
              <SourcesDisclosure sources={version.provenance} />
            </Stack>
          </Paper>
        )
      )}

      <section aria-labelledby="structure-heading">
        <Title order={2} size="h3" id="structure-heading" mb="xs">
          Structure
        </Title>
        <Text data-testid="level-counts">{formatLevelCounts(levels)}</Text>
        {levels.some((l) => l.officialCount != null && l.officialCount !== l.count) && (
          <List size="sm" mt="xs">
            {levels
              .filter((l) => l.officialCount != null && l.officialCount !== l.count)
              .map((l) => (
                <List.Item key={l.depth}>
                  {formatCount(l.count, l.name)} ici, {l.officialCount} annoncé
                  {(l.officialCount ?? 0) >= 2 ? "s" : ""} par le référentiel officiel
                </List.Item>
              ))}
          </List>
        )}
      </section>

      <section aria-labelledby="tree-heading">
        <Title order={2} size="h3" id="tree-heading" mb="xs">
          Arborescence du référentiel
        </Title>
        {hasProvisionalItems && (
          <Text size="sm" mb="sm">
            Les éléments marqués « provisoire » ont un{" "}
            {lowerFirst(PROVISIONAL_ITEM_HINT)}.
          </Text>
        )}
        <ReferentielTree items={version.items} leafLevelName={leafName} />
      </section>
    </Stack>
  );
}

function VersionNotes({ notes }: { notes: readonly string[] }) {
  if (notes.length === 0) return null;
  return (
    <List size="sm" spacing={4}>
      {notes.map((note, index) => (
        <List.Item key={index}>{note}</List.Item>
      ))}
    </List>
  );
}
