import { Alert, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "urql";
import { useViewer } from "../auth/session";
import { formatDay } from "../components/format";
import type { DossierStatus } from "../gql/graphql";
import { canManageDossiers } from "../pathway/permissions";
import { OrganisationCertificatesQuery } from "./documents";
import { CertificateLinks, CertificateStatusBadge, paperLabel, RevocationNote } from "./parts";
import { JuryDecisionRecords } from "./JuryDecisionRecords";
import { RequestPaperCopyButton } from "./RequestPaperCopyButton";

interface EventLike {
  occurredAt: string;
  fromStatus?: DossierStatus | null;
  toStatus?: DossierStatus | null;
  comment: string;
}

interface JuryOutcomePanelProps {
  dossier: { id: string; status: DossierStatus; timeline: readonly EventLike[] };
}

/**
 * The jury's last decision on a dossier, as its history records it when the session
 * closed (certified, not certified with the reason, or postponed), or null.
 */
export function lastJuryDecision(timeline: readonly EventLike[]): EventLike | null {
  for (let index = timeline.length - 1; index >= 0; index -= 1) {
    const event = timeline[index];
    if (!event || event.fromStatus !== "SUBMITTED_TO_JURY") continue;
    if (event.toStatus === "CERTIFIED" || event.toStatus === "NOT_CERTIFIED") return event;
    if (event.toStatus === "READY_FOR_JURY" && event.comment.startsWith("Décision du jury")) return event;
  }
  return null;
}

/**
 * « Décision du jury » on the dossier page: the decision (with the reason when it is not
 * certified) and, once issued, the certificate with its downloads and the paper copy.
 */
export function JuryOutcomePanel({ dossier }: JuryOutcomePanelProps) {
  const decision = lastJuryDecision(dossier.timeline);
  const certified = dossier.status === "CERTIFIED";
  const { viewer } = useViewer();
  const [{ data, fetching }, reexecute] = useQuery({
    query: OrganisationCertificatesQuery,
    variables: { first: 1, after: null, text: null, dossierId: dossier.id },
    pause: !certified,
    requestPolicy: "cache-and-network",
  });
  if (!decision && !certified) return null;
  const certificate = data?.certificates.edges[0]?.node ?? null;
  const color = dossier.status === "NOT_CERTIFIED" ? "red" : certified ? "green" : "blue";

  return (
    <section aria-labelledby="jury-outcome-heading" data-testid="jury-outcome">
      <Stack gap="sm">
        <Title order={2} size="h3" id="jury-outcome-heading">
          Décision du jury
        </Title>
        {decision && (
          <Alert color={color} variant="light" data-testid="jury-decision">
            <Text size="sm">{decision.comment || "Décision enregistrée."}</Text>
            <Text size="xs" mt={4}>
              Session close le {formatDay(decision.occurredAt)}.
            </Text>
          </Alert>
        )}
        <JuryDecisionRecords dossierId={dossier.id} />
        {certified &&
          (certificate ? (
            <Stack gap="xs" data-testid="dossier-certificate">
              <Group gap="sm">
                <Text size="sm" fw={600}>
                  Certificat n° {certificate.number}
                </Text>
                <CertificateStatusBadge certificate={certificate} />
              </Group>
              <RevocationNote certificate={certificate} />
              <Text size="sm">
                Code de vérification : <strong>{certificate.verificationCode}</strong> — copie papier :{" "}
                {paperLabel(certificate)}
              </Text>
              <CertificateLinks certificate={certificate} badge={certificate.status === "VALID"} />
              {canManageDossiers(viewer) && (
                <RequestPaperCopyButton
                  certificate={certificate}
                  onDone={() => reexecute({ requestPolicy: "network-only" })}
                />
              )}
            </Stack>
          ) : (
            !fetching && (
              <Text size="sm" data-testid="dossier-certificate">
                Le certificat est en cours d’émission.
              </Text>
            )
          ))}
      </Stack>
    </section>
  );
}
