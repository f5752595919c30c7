import { Alert, Anchor, Button, Card, CopyButton, List, Stack, Text, TextInput, Title } from "@mantine/core";
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

type Badge = NonNullable<NonNullable<CandidateDossier["certificate"]>["badge"]>;

/** What the candidate's Open Badge states, in short sentences (never the raw credential). */
function BadgeSection({ badge }: { badge: Badge }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="badge">
      <Stack gap="sm">
        <Title order={2} size="h3" id="badge">
          Mon badge numérique
        </Title>
        <Text fz="lg">Votre badge numérique est une preuve de votre certificat, dans un fichier. Il dit :</Text>
        <List fz="lg" spacing="xs">
          <List.Item>Il est à votre nom : {badge.holderName}.</List.Item>
          <List.Item>Vous avez obtenu : {badge.achievementName}.</List.Item>
          <List.Item>Il est donné par {badge.issuerName}.</List.Item>
          <List.Item>Il date du {longDay(badge.issuedOn)}.</List.Item>
          <List.Item>
            {badge.validUntil ? `Il est valable jusqu'au ${longDay(badge.validUntil)}.` : "Il n'a pas de date de fin."}
          </List.Item>
        </List>
        <Text fz="lg">Il est signé par {badge.issuerName} : si quelqu'un le modifie, cela se voit.</Text>
        <Button component="a" href={badge.downloadUrl} size="lg" variant="light" download>
          Télécharger mon badge (fichier pour portefeuille)
        </Button>
        <Text fz="md">
          Ce fichier se range dans une application de portefeuille numérique. Vous pouvez aussi l'envoyer à un employeur.
        </Text>
      </Stack>
    </Card>
  );
}

/** `/espace-candidat/dossiers/:id/documents`: download, share, badge, paper copy. */
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
      {certificate && !certificate.revoked && certificate.badge && <BadgeSection badge={certificate.badge} />}
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
