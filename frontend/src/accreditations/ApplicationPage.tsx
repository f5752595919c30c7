import { Alert, Anchor, Group, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useCallback, useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { ApplicationForm } from "./ApplicationForm";
import { ApplicationSummary, ApplicationTimeline, MissingChecklist } from "./ApplicationParts";
import { ApplicationQuery } from "./documents";
import { isEditable } from "./labels";
import { ApplicationStatusBadge } from "./StatusBadges";

/** `/organisation/habilitations/candidatures/:id`: the applicant's form, or its read-only state. */
export function ApplicationPage() {
  const { id = "" } = useParams();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ApplicationQuery, variables: { id } });
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const [submitted, setSubmitted] = useState(false);
  const found = data?.application;
  const application = found?.__typename === "Application" ? found : null;
  useDocumentTitle(pageTitle(application ? `Candidature · ${application.campaign.title}` : "Candidature"));

  if (fetching && !data) return <LoadingState label="Chargement de la candidature…" />;
  if (error && !data) {
    return <OperationError message="Impossible de charger la candidature." error={error} onRetry={refetch} />;
  }
  if (!application) {
    return (
      <Alert color="red" variant="light" title="Candidature introuvable" role="alert">
        <Text size="sm">
          Cette candidature n’existe pas ou n’appartient pas à l’organisation active.{" "}
          <Anchor component={Link} to="/organisation/habilitations">
            Retour aux habilitations
          </Anchor>
        </Text>
      </Alert>
    );
  }
  const editable = isEditable(application.status);

  return (
    <Stack gap="xl">
      <div>
        <Anchor component={Link} to="/organisation/habilitations" size="sm">
          ← Habilitations
        </Anchor>
        <Title order={1} mt="xs">
          Candidature — {application.campaign.title}
        </Title>
        <Group gap="sm" mt="xs">
          <ApplicationStatusBadge status={application.status} />
          <Text size="sm">
            {application.organisationName} · candidatures jusqu’au {formatDay(application.campaign.closesOn)}
          </Text>
        </Group>
      </div>

      {submitted && application.status === "SUBMITTED" && (
        <Alert color="green" variant="light" role="status" title="Candidature déposée" data-testid="application-submitted">
          <Text size="sm">
            Votre candidature est transmise à Certif'Pro. Vous serez prévenu par e-mail de son instruction.
          </Text>
        </Alert>
      )}
      {application.status === "COMPLEMENT_REQUESTED" && (
        <Alert color="warning" variant="light" title="Complément demandé par Certif'Pro" data-testid="complement-request">
          <Stack gap="xs">
            <Text size="sm" style={{ whiteSpace: "pre-line" }} data-testid="reviewer-message">
              {application.message}
            </Text>
            <Text size="sm">Complétez la candidature ci-dessous puis déposez-la à nouveau.</Text>
          </Stack>
        </Alert>
      )}
      {application.status === "ACCEPTED" && (
        <Alert color="green" variant="light" title="Candidature acceptée" data-testid="application-decision">
          <Text size="sm">
            Les habilitations accordées figurent sur la page{" "}
            <Anchor component={Link} to="/organisation/habilitations">
              Habilitations
            </Anchor>
            .{application.message ? ` Message de Certif'Pro : ${application.message}` : ""}
          </Text>
        </Alert>
      )}
      {application.status === "REJECTED" && (
        <Alert color="red" variant="light" title="Candidature refusée" data-testid="application-decision">
          <Text size="sm" style={{ whiteSpace: "pre-line" }}>
            Motifs : {application.message}
          </Text>
        </Alert>
      )}

      {editable ? (
        <ApplicationForm
          key={`${application.id}-${application.status}`}
          application={application}
          onChanged={refetch}
          onSubmitted={() => {
            setSubmitted(true);
            refetch();
          }}
        />
      ) : (
        <>
          <ApplicationSummary application={application} />
          {(application.status === "SUBMITTED" || application.status === "UNDER_REVIEW") && application.missing.length > 0 && (
            <MissingChecklist missing={application.missing} title="Éléments manquants" />
          )}
        </>
      )}

      <ApplicationTimeline application={application} />
    </Stack>
  );
}
