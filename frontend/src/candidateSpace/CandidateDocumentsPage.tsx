import { Alert, Anchor, Button, Card, CopyButton, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { QRCodeSVG } from "qrcode.react";
import { Link, Navigate, useParams } from "react-router";
import { pageTitle } from "../branding";
import { LoadingState } from "../components/LoadingState";
import { QueryError } from "../components/QueryError";
import { longDay } from "./format";
import { paths } from "./paths";
import { useCandidateSpace, type CandidateDossier } from "./useCandidateSpace";

function paperStatus(certificate: NonNullable<CandidateDossier["certificate"]>): string {
  if (certificate.paperSentAt) return `Votre copie papier est partie par la poste le ${longDay(certificate.paperSentAt)}.`;
  if (certificate.paperRequestedAt)
    return `Votre copie papier est demandée depuis le ${longDay(certificate.paperRequestedAt)}. Elle arrive par la poste.`;
  return "Vous voulez aussi votre certificat sur papier ? Vous pouvez le demander. Il arrive par la poste.";
}

/** `/espace-candidat/dossiers/:id/documents`: download, share, paper copy. */
export function CandidateDocumentsPage() {
  useDocumentTitle(pageTitle("Mes documents"));
  const { id = "" } = useParams();
  const { space, fetching, error, signedOut } = useCandidateSpace();
  if (signedOut) return <Navigate to={paths.requestLink} replace />;
  if (error) return <QueryError message="Votre espace n’a pas pu être chargé. Réessayez plus tard." error={error} />;
  if (fetching || !space) return <LoadingState label="Chargement de vos documents…" />;
  const dossier = space.dossiers.find((d) => d.id === id);
  if (!dossier) return <Navigate to={paths.home} replace />;
  const certificate = dossier.certificate;
  const shareUrl = certificate ? `${window.location.origin}${certificate.verifyPath}` : "";
  return (
    <Stack gap="lg">
      <Title order={1}>Mes documents</Title>

      {certificate && !certificate.revoked && (
        <Card withBorder padding="lg" component="section" aria-labelledby="certificat">
          <Stack gap="sm">
            <Title order={2} size="h3" id="certificat">
              Mon certificat {dossier.certificationTitle}
            </Title>
            <Text fz="lg">Numéro : {certificate.number}.</Text>
            <Button component="a" href={certificate.downloadUrl} size="lg" download>
              Télécharger mon certificat (PDF)
            </Button>
            <Title order={3} size="h4">
              Montrer mon certificat
            </Title>
            <Text fz="lg">
              Donnez ce lien à un employeur. Il pourra vérifier que votre certificat est vrai.
            </Text>
            <TextInput size="lg" label="Lien de vérification" value={shareUrl} readOnly />
            <CopyButton value={shareUrl}>
              {({ copied, copy }) => (
                <Button size="lg" variant="light" onClick={copy} color={copied ? "green" : undefined}>
                  {copied ? "Lien copié" : "Copier le lien"}
                </Button>
              )}
            </CopyButton>
            <Text fz="lg">Ou montrez ce code QR. L'employeur le lit avec son téléphone.</Text>
            <QRCodeSVG value={shareUrl} size={200} marginSize={2} title="Code QR du lien de vérification" role="img" />
            <Anchor href={certificate.verifyPath} fz="lg">
              Ouvrir la page de vérification
            </Anchor>
            <Title order={3} size="h4">
              Portefeuille numérique
            </Title>
            <Text fz="lg">Vous avez une application de portefeuille sur votre téléphone ? Vous pouvez y ranger votre certificat.</Text>
            <Anchor component={Link} to={paths.wallet(dossier.id)} fz="lg">
              Mettre mon certificat dans mon portefeuille
            </Anchor>
            <Title order={3} size="h4">
              Copie papier
            </Title>
            <Text fz="lg">{paperStatus(certificate)}</Text>
            {!certificate.paperRequestedAt && (
              <Anchor component={Link} to={paths.paper(dossier.id)} fz="lg">
                Demander une copie papier
              </Anchor>
            )}
          </Stack>
        </Card>
      )}
      {certificate?.revoked && (
        <Alert color="red" variant="light" title="Certificat retiré">
          <Text fz="lg">Ce certificat a été retiré. Contactez votre conseiller.</Text>
        </Alert>
      )}

      <Card withBorder padding="lg" component="section" aria-labelledby="attestations">
        <Stack gap="sm">
          <Title order={2} size="h3" id="attestations">
            Mes attestations
          </Title>
          <Text fz="md">
            Une attestation dit ce que vous avez déjà réussi, même sans le certificat complet.
          </Text>
          {dossier.attestations.length === 0 ? (
            <Text fz="lg">Pas encore d'attestation.</Text>
          ) : (
            dossier.attestations.map((attestation) => (
              <Button key={attestation.id} component="a" href={attestation.downloadUrl} size="lg" variant="light" download>
                Télécharger mon attestation du {longDay(attestation.issuedAt)}
              </Button>
            ))
          )}
        </Stack>
      </Card>
      <Anchor component={Link} to={paths.dossier(dossier.id)} fz="lg">
        Revenir à mon parcours
      </Anchor>
    </Stack>
  );
}
