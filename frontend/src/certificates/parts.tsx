import { Anchor, Badge, Group, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatDay } from "../components/format";
import type { CertificateFieldsFragment } from "../gql/graphql";

export type CertificateRow = CertificateFieldsFragment;

export function CertificateStatusBadge({ certificate }: { certificate: CertificateRow }) {
  const revoked = certificate.status === "REVOKED";
  return (
    <Badge
      color={revoked ? "red.9" : "#1e6b30"}
      variant="filled"
      tt="none"
      data-testid="certificate-status"
      data-status={certificate.status}
    >
      {revoked ? "Retiré" : "Valide"}
    </Badge>
  );
}

/** "Demandée le …", "Envoyée le …" or "—". */
export function paperLabel(certificate: Pick<CertificateRow, "paperRequestedAt" | "paperSentAt">): string {
  if (certificate.paperSentAt) return `Envoyée le ${formatDay(certificate.paperSentAt)}`;
  if (certificate.paperRequestedAt) return `Demandée le ${formatDay(certificate.paperRequestedAt)}`;
  return "—";
}

/** PDF and Open Badges downloads (the organisation's members, Certif'Pro), and the public check. */
export function CertificateLinks({ certificate, badge = true }: { certificate: CertificateRow; badge?: boolean }) {
  return (
    <Group gap="sm" wrap="wrap">
      <Anchor href={certificate.pdfUrl} size="sm" aria-label={`Certificat ${certificate.number} en PDF`}>
        PDF
      </Anchor>
      {badge && (
        <Anchor
          href={certificate.badgeUrl}
          size="sm"
          download
          aria-label={`Badge numérique ${certificate.number} (Open Badges)`}
        >
          Badge
        </Anchor>
      )}
      <Anchor
        component={Link}
        to={`/verifier/${certificate.verificationCode}`}
        size="sm"
        aria-label={`Vérifier le certificat ${certificate.number}`}
      >
        Vérifier
      </Anchor>
    </Group>
  );
}

/** "Retiré le … : motif" under the badge. */
export function RevocationNote({ certificate }: { certificate: CertificateRow }) {
  if (certificate.status !== "REVOKED") return null;
  return (
    <Text size="xs" mt={4}>
      Retiré le {formatDay(certificate.revokedAt)} : {certificate.revocationReason}
    </Text>
  );
}
