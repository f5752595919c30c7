import { Alert, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useId } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery } from "urql";
import { useViewer } from "../auth/session";
import { FormAlert } from "../components/FormAlert";
import { formatDay, formatDayTime } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import type { AccreditationFieldsFragment, CampaignFieldsFragment } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { OrganisationPageHeader } from "../organisation/OrganisationPageHeader";
import { MyAccreditationsQuery, StartApplicationMutation } from "./documents";
import { formatEuros, isEditable, SCOPE_LABELS } from "./labels";
import { isActiveOrganisationPending } from "./pending";
import { ControlProceduresSection } from "./ControlProceduresSection";
import { StatementSection } from "./StatementSection";
import { AccreditationStatusBadge, ApplicationStatusBadge } from "./StatusBadges";
import { useCertificationTitles } from "./useCertificationTitles";

export function applicationPath(id: string): string {
  return `/organisation/habilitations/candidatures/${id}`;
}

/**
 * `/organisation/habilitations` (org admin, pending organisations included):
 * the organisation's applications, the campaigns open today, its accreditations.
 */
export function MyAccreditationsPage() {
  const { viewer } = useViewer();
  const pending = isActiveOrganisationPending(viewer);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: MyAccreditationsQuery });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const { titleOf } = useCertificationTitles();

  return (
    <Stack gap="xl">
      <OrganisationPageHeader title="Habilitations" />
      {pending && (
        <Alert color="blue" variant="light" title="Organisme en attente d’habilitation" data-testid="pending-notice">
          <Text size="sm">
            Votre organisme pourra ouvrir des dossiers une fois sa candidature acceptée par Certif'Pro.
            Candidatez à une campagne ouverte ci-dessous, complétez le formulaire (il est enregistré au fil
            de la saisie) puis déposez-le.
          </Text>
        </Alert>
      )}
      {fetching && !data ? (
        <LoadingState label="Chargement des habilitations…" />
      ) : error && !data ? (
        <OperationError message="Impossible de charger les habilitations." error={error} onRetry={refetch} />
      ) : data ? (
        <>
          {!pending && <ControlProceduresSection />}
          <ApplicationsSection applications={data.myApplications} />
          <OpenCampaignsSection
            campaigns={data.campaigns}
            applied={new Map(data.myApplications.map((a) => [a.campaign.id, a.id]))}
            titleOf={titleOf}
            onStarted={refetch}
          />
          <AccreditationsSection accreditations={data.accreditations} titleOf={titleOf} />
          {viewer?.activeOrganisation && !pending && <StatementSection organisationId={viewer.activeOrganisation.id} />}
        </>
      ) : null}
    </Stack>
  );
}

function ApplicationsSection({
  applications,
}: {
  applications: { id: string; status: Parameters<typeof isEditable>[0]; updatedAt: string; submittedAt?: string | null; campaign: { id: string; title: string } }[];
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        Candidatures de l’organisme
      </Title>
      {applications.length === 0 ? (
        <Text>Aucune candidature pour le moment.</Text>
      ) : (
        <TableScroll minWidth={640} label="Candidatures de l’organisme">
          <Table striped withTableBorder aria-labelledby={headingId} data-testid="my-applications">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Campagne</Table.Th>
                <Table.Th scope="col">Statut</Table.Th>
                <Table.Th scope="col">Dernière modification</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {applications.map((application) => (
                <Table.Tr key={application.id} data-application={application.id}>
                  <Table.Td>{application.campaign.title}</Table.Td>
                  <Table.Td>
                    <ApplicationStatusBadge status={application.status} />
                  </Table.Td>
                  <Table.Td>{formatDayTime(application.updatedAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      component={Link}
                      to={applicationPath(application.id)}
                      size="xs"
                      variant={isEditable(application.status) ? "filled" : "default"}
                      aria-label={`${isEditable(application.status) ? "Compléter" : "Consulter"} la candidature à « ${application.campaign.title} »`}
                    >
                      {isEditable(application.status) ? "Compléter" : "Consulter"}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </section>
  );
}

function OpenCampaignsSection({
  campaigns,
  applied,
  titleOf,
  onStarted,
}: {
  campaigns: CampaignFieldsFragment[];
  applied: Map<string, string>;
  titleOf: (code: string) => string;
  onStarted: () => void;
}) {
  const headingId = useId();
  const navigate = useNavigate();
  const start = useMutationWithErrors(StartApplicationMutation, (data) => data.startApplication, {
    succeeded: (payload) => Boolean(payload.application),
  });

  async function onApply(campaign: CampaignFieldsFragment) {
    const outcome = await start.run({ campaignId: campaign.id });
    if (outcome.ok) {
      void navigate(applicationPath(outcome.payload.application!.id));
      return;
    }
    if (outcome.general.length === 0) start.setGeneral(["La candidature n’a pas pu être créée."]);
    onStarted();
  }

  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        Campagnes d’habilitation ouvertes
      </Title>
      <FormAlert messages={[start.general.join(" ")]} title="Candidature impossible" />
      {campaigns.length === 0 ? (
        <Text>Aucune campagne n’est ouverte aujourd’hui.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {campaigns.map((campaign) => {
            const applicationId = applied.get(campaign.id);
            return (
              <li key={campaign.id}>
                <CampaignCard campaign={campaign} titleOf={titleOf}>
                  {applicationId ? (
                    <Button component={Link} to={applicationPath(applicationId)} variant="default">
                      Voir ma candidature
                    </Button>
                  ) : (
                    <Button
                      onClick={() => void onApply(campaign)}
                      loading={start.fetching}
                      aria-label={`Candidater à « ${campaign.title} »`}
                    >
                      Candidater
                    </Button>
                  )}
                </CampaignCard>
              </li>
            );
          })}
        </SimpleGrid>
      )}
    </section>
  );
}

export function CampaignCard({
  campaign,
  titleOf,
  children,
}: {
  campaign: CampaignFieldsFragment;
  titleOf: (code: string) => string;
  children?: React.ReactNode;
}) {
  const titleId = useId();
  return (
    <Card withBorder padding="lg" h="100%" component="article" aria-labelledby={titleId} data-campaign={campaign.id}>
      <Stack gap="xs">
        <Title order={3} size="h4" id={titleId}>
          {campaign.title}
        </Title>
        <Text size="sm">Certifications : {campaign.certificationCodes.map(titleOf).join(", ")}</Text>
        <Text size="sm">
          Candidatures du {formatDay(campaign.opensOn)} au {formatDay(campaign.closesOn)}
        </Text>
        <Text size="sm">
          Habilitation du {formatDay(campaign.accreditationStartsOn)} au {formatDay(campaign.accreditationEndsOn)}
        </Text>
        <Text size="sm">
          Frais : {formatEuros(campaign.applicationFeeCents)} par candidature, {formatEuros(campaign.siteFeeCents)} par
          établissement habilité
        </Text>
        {campaign.requiredDocuments.length > 0 && (
          <div>
            <Text size="sm" fw={700}>
              Pièces demandées
            </Text>
            <List size="sm">
              {campaign.requiredDocuments.map((document) => (
                <List.Item key={document.key}>
                  {document.label}
                  {document.mandatory ? "" : " (facultative)"}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {children && <Group mt="xs">{children}</Group>}
      </Stack>
    </Card>
  );
}

function AccreditationsSection({
  accreditations,
  titleOf,
}: {
  accreditations: AccreditationFieldsFragment[];
  titleOf: (code: string) => string;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        Habilitations de l’organisme
      </Title>
      {accreditations.length === 0 ? (
        <Text>Aucune habilitation : candidatez à une campagne pour pouvoir ouvrir des dossiers.</Text>
      ) : (
        <AccreditationTable accreditations={accreditations} titleOf={titleOf} labelledBy={headingId} label="Habilitations de l’organisme" />
      )}
    </section>
  );
}

/** Certification, site, validity, status and evaluators of accreditations. */
export function AccreditationTable({
  accreditations,
  titleOf,
  labelledBy,
  label,
  showOrganisation = false,
  actions,
}: {
  accreditations: AccreditationFieldsFragment[];
  titleOf: (code: string) => string;
  labelledBy: string;
  label: string;
  showOrganisation?: boolean;
  actions?: (accreditation: AccreditationFieldsFragment) => React.ReactNode;
}) {
  return (
    <TableScroll minWidth={860} label={label}>
      <Table striped withTableBorder aria-labelledby={labelledBy} data-testid="accreditations-table">
        <Table.Thead>
          <Table.Tr>
            {showOrganisation && <Table.Th scope="col">Organisme</Table.Th>}
            <Table.Th scope="col">Certification</Table.Th>
            <Table.Th scope="col">Habilité pour</Table.Th>
            <Table.Th scope="col">Site</Table.Th>
            <Table.Th scope="col">Validité</Table.Th>
            <Table.Th scope="col">Statut</Table.Th>
            <Table.Th scope="col">Évaluateurs</Table.Th>
            {actions && <Table.Th scope="col">Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accreditations.map((accreditation) => (
            <Table.Tr key={accreditation.id} data-accreditation={accreditation.id} data-siret={accreditation.siret}>
              {showOrganisation && <Table.Td>{accreditation.organisationName}</Table.Td>}
              <Table.Td>{titleOf(accreditation.certificationCode)}</Table.Td>
              <Table.Td data-testid="accreditation-scope">{SCOPE_LABELS[accreditation.scope]}</Table.Td>
              <Table.Td>
                {accreditation.siteName}
                <Text size="xs" ff="monospace">
                  {accreditation.siret}
                </Text>
                <Text size="xs">
                  {accreditation.postalCode} {accreditation.city}
                </Text>
              </Table.Td>
              <Table.Td>
                du {formatDay(accreditation.validFrom)} au {formatDay(accreditation.validUntil)}
              </Table.Td>
              <Table.Td>
                <AccreditationStatusBadge
                  status={accreditation.status}
                  statusLabel={accreditation.statusLabel}
                  isValid={accreditation.isValid}
                />
                {accreditation.statusReason && (
                  <Text size="xs" mt={4}>
                    Motif : {accreditation.statusReason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {accreditation.evaluators.length === 0 ? (
                  "—"
                ) : (
                  <List size="sm" listStyleType="none" spacing={2}>
                    {accreditation.evaluators.map((evaluator) => (
                      <List.Item key={evaluator.email}>
                        {evaluator.fullName}{" "}
                        <Text span size="xs">
                          ({evaluator.email})
                        </Text>
                      </List.Item>
                    ))}
                  </List>
                )}
              </Table.Td>
              {actions && <Table.Td>{actions(accreditation)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
