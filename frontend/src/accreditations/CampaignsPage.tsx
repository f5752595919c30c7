import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useId } from "react";
import { Link, useLocation } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import { CAMPAIGNS_PATH } from "./CampaignFormPage";
import { CampaignsQuery } from "./reviewDocuments";
import { formatEuros } from "./labels";
import { useCertificationTitles } from "./useCertificationTitles";

/** `/plateforme/campagnes` (Certif'Pro admin): every campaign, newest first. */
export function CampaignsPage() {
  useDocumentTitle(pageTitle("Campagnes d’habilitation"));
  const headingId = useId();
  const location = useLocation();
  const saved = (location.state as { saved?: string } | null)?.saved;
  const [{ data, fetching, error }, reexecute] = useQuery({ query: CampaignsQuery, requestPolicy: "cache-and-network" });
  const { titleOf } = useCertificationTitles();
  const campaigns = data?.campaigns ?? [];

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1} id={headingId}>
          Campagnes d’habilitation
        </Title>
        <Button component={Link} to={`${CAMPAIGNS_PATH}/nouvelle`}>
          Nouvelle campagne
        </Button>
      </Group>
      {saved && (
        <Alert color="green" variant="light" role="status" title="Campagne enregistrée">
          <Text size="sm">{saved}</Text>
        </Alert>
      )}
      {fetching && !data ? (
        <LoadingState label="Chargement des campagnes…" />
      ) : error && !data ? (
        <OperationError
          message="Impossible de charger les campagnes."
          error={error}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : campaigns.length === 0 ? (
        <Text>Aucune campagne pour le moment.</Text>
      ) : (
        <TableScroll minWidth={1040} label="Campagnes d’habilitation">
          <Table striped withTableBorder aria-labelledby={headingId} data-testid="campaigns-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Campagne</Table.Th>
                <Table.Th scope="col">Certifications</Table.Th>
                <Table.Th scope="col">Candidatures</Table.Th>
                <Table.Th scope="col">Habilitation</Table.Th>
                <Table.Th scope="col">Frais</Table.Th>
                <Table.Th scope="col">Instructeurs</Table.Th>
                <Table.Th scope="col">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {campaigns.map((campaign) => (
                <Table.Tr key={campaign.id} data-campaign={campaign.id}>
                  <Table.Td>
                    {campaign.title}
                    {campaign.isOpen && (
                      <Badge ml="xs" variant="filled" color="#1e6b30" tt="none">
                        Ouverte
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{campaign.certificationCodes.map(titleOf).join(", ")}</Table.Td>
                  <Table.Td>
                    du {formatDay(campaign.opensOn)} au {formatDay(campaign.closesOn)}
                  </Table.Td>
                  <Table.Td>
                    du {formatDay(campaign.accreditationStartsOn)} au {formatDay(campaign.accreditationEndsOn)}
                  </Table.Td>
                  <Table.Td>
                    {formatEuros(campaign.applicationFeeCents)} + {formatEuros(campaign.siteFeeCents)} / établissement
                  </Table.Td>
                  <Table.Td data-testid="campaign-reviewers">
                    {campaign.reviewers.length > 0 ? (
                      campaign.reviewers.map((reviewer) => reviewer.fullName).join(", ")
                    ) : (
                      <Text span size="sm" c="dimmed">
                        Aucun
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        component={Link}
                        to={`${CAMPAIGNS_PATH}/${campaign.id}`}
                        size="xs"
                        variant="default"
                        aria-label={`Modifier la campagne « ${campaign.title} »`}
                      >
                        Modifier
                      </Button>
                      <Button
                        component={Link}
                        to={`/plateforme/candidatures?campagne=${encodeURIComponent(campaign.id)}`}
                        size="xs"
                        variant="default"
                        aria-label={`Candidatures à « ${campaign.title} »`}
                      >
                        Candidatures
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
}
