import {
  Anchor,
  Badge,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useId } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { LoadingState } from "../components/LoadingState";
import { QueryError } from "../components/QueryError";
import type { CertificationsQuery as CertificationsQueryResult } from "../gql/graphql";
import { CertificationsQuery } from "../graphql/documents";
import { pageTitle } from "../branding";
import { formatLevelCounts, versionName } from "../referentiel/labels";
import { ProvisionalBadge } from "../referentiel/ProvisionalBadge";

type Certification = CertificationsQueryResult["certifications"][number];

const STATUS_LABELS: Record<string, string> = {
  DRAFT: "Brouillon",
  PUBLISHED: "Publiée",
  RETIRED: "Retirée",
};

/** `/certifications`: every certification with its current version. */
export function CertificationsPage() {
  useDocumentTitle(pageTitle("Certifications"));
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: CertificationsQuery,
  });

  return (
    <Stack gap="lg">
      <Title order={1}>Certifications</Title>
      <Group gap="md" data-testid="landing-links">
        <Anchor component={Link} to="/organismes-evaluateurs">
          Trouver un organisme évaluateur près de chez vous
        </Anchor>
        <Anchor component={Link} to="/demander-une-habilitation">
          Organisme de formation : demander une habilitation
        </Anchor>
      </Group>
      {fetching && !data ? (
        <LoadingState label="Chargement des certifications…" skeletons={3} />
      ) : error && !data ? (
        <QueryError
          message="Impossible de charger la liste des certifications."
          error={error}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : data && data.certifications.length === 0 ? (
        <Text>Aucune certification n’est disponible pour le moment.</Text>
      ) : (
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: 3 }}
          spacing="md"
          component="ul"
          aria-label="Liste des certifications"
          style={{ listStyle: "none", padding: 0, margin: 0 }}
        >
          {data?.certifications.map((certification) => (
            <li key={certification.code}>
              <CertificationCard certification={certification} />
            </li>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function CertificationCard({ certification }: { certification: Certification }) {
  const titleId = useId();
  const version = certification.currentVersion;

  return (
    <Card
      withBorder
      padding="lg"
      h="100%"
      component="article"
      aria-labelledby={titleId}
      data-certification={certification.code}
    >
      <Stack gap="xs" h="100%">
        <Title order={2} size="h3" id={titleId}>
          {certification.title}
        </Title>
        <Text size="sm">Certificateur : {certification.certifier}</Text>
        {version ? (
          <>
            <Group gap="xs">
              <Text size="sm">
                Référentiel : <Text span fw={600}>{versionName(version.version)}</Text>
              </Text>
              {version.provisional && (
                <ProvisionalBadge
                  label="Provisoire"
                  hint="Cette version n’est pas le texte officiel du référentiel"
                />
              )}
              {version.status !== "PUBLISHED" && (
                <Badge variant="outline" color="gray.8" tt="none" size="sm">
                  {STATUS_LABELS[version.status] ?? version.status}
                </Badge>
              )}
            </Group>
            {version.levels.length > 0 && (
              <Text size="sm" data-testid="level-counts">
                {formatLevelCounts(version.levels)}
              </Text>
            )}
          </>
        ) : (
          <Text size="sm">Aucune version publiée.</Text>
        )}
        <Anchor
          component={Link}
          to={`/certifications/${encodeURIComponent(certification.code)}`}
          aria-describedby={titleId}
          fw={600}
          mt="auto"
        >
          Voir le référentiel
        </Anchor>
      </Stack>
    </Card>
  );
}
