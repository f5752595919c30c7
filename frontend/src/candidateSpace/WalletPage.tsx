import { Alert, Anchor, Box, Button, Stack, Text, Title, VisuallyHidden } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { QRCodeSVG } from "qrcode.react";
import { useState } from "react";
import { Link, Navigate, useParams } from "react-router";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { LoadingState } from "../components/LoadingState";
import { QueryError } from "../components/QueryError";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { CreateWalletOfferMutation } from "./documents";
import { digitByDigit, spacedCode } from "./format";
import { paths } from "./paths";
import { useCandidateSpace } from "./useCandidateSpace";

function hour(iso: string): string {
  return new Date(iso).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
}

/** `/espace-candidat/dossiers/:id/portefeuille`: the certificate offered to a wallet app
 *  (OpenID4VCI), as a QR code to scan or a link to open on the phone, with the transaction
 *  code the wallet asks for shown beside it (never inside the QR code). */
export function WalletPage() {
  useDocumentTitle(pageTitle("Portefeuille numérique"));
  const { id = "" } = useParams();
  const { space, fetching, error, signedOut } = useCandidateSpace();
  const [offer, setOffer] = useState<{ uri: string; expiresAt: string; txCode?: string | null } | null>(null);
  const create = useMutationWithErrors(CreateWalletOfferMutation, (data) => data.createWalletOffer, {
    succeeded: (payload) => payload.offer != null,
  });
  if (signedOut) return <Navigate to={paths.requestLink} replace />;
  if (error) return <QueryError message="Votre espace n’a pas pu être chargé. Réessayez plus tard." error={error} />;
  if (fetching || !space) return <LoadingState label="Chargement…" />;
  const certificate = space.dossiers.find((d) => d.id === id)?.certificate;
  if (!certificate || certificate.revoked) return <Navigate to={paths.home} replace />;
  return (
    <Stack gap="lg" component="section" aria-labelledby="portefeuille-titre">
      <Title order={1} id="portefeuille-titre">
        Mettre mon certificat dans mon portefeuille
      </Title>
      <Text fz="lg">
        Un portefeuille numérique est une application de votre téléphone. Elle garde vos papiers officiels, comme
        votre certificat.
      </Text>
      {offer ? (
        <>
          <Text fz="lg">Ouvrez votre portefeuille. Choisissez « ajouter » ou « scanner ». Lisez ce code QR.</Text>
          <QRCodeSVG value={offer.uri} size={260} marginSize={2} title="Code QR pour votre portefeuille" role="img" />
          {offer.txCode ? (
            <Box component="section" aria-labelledby="code-portefeuille">
              <Text fz="lg" fw={700} id="code-portefeuille">
                Votre portefeuille vous demandera ce code :
              </Text>
              <Text component="p" fz={40} fw={700} ff="monospace" lts={2}>
                <span aria-hidden="true">{spacedCode(offer.txCode)}</span>
                <VisuallyHidden>{digitByDigit(offer.txCode)}</VisuallyHidden>
              </Text>
              <Text fz="lg">Tapez-le dans votre portefeuille. Vous avez droit à 3 essais.</Text>
            </Box>
          ) : null}
          <Text fz="lg">Le portefeuille est sur ce téléphone ? Touchez le bouton.</Text>
          <Button component="a" href={offer.uri} size="lg" variant="light">
            Ouvrir mon portefeuille
          </Button>
          <Alert color="blue" variant="light" title="À savoir">
            <Text fz="lg">
              Ces codes marchent une seule fois, jusqu'à {hour(offer.expiresAt)}. Ne les montrez à personne.
            </Text>
          </Alert>
        </>
      ) : (
        <>
          <FormAlert messages={create.general} title="Impossible pour le moment" />
          <Button
            size="lg"
            loading={create.fetching}
            onClick={async () => {
              const outcome = await create.run({ certificateId: certificate.id });
              if (outcome.ok && outcome.payload?.offer) setOffer(outcome.payload.offer);
            }}
          >
            Afficher le code pour mon portefeuille
          </Button>
        </>
      )}
      <Anchor component={Link} to={paths.documents(id)} fz="lg">
        Revenir à mes documents
      </Anchor>
    </Stack>
  );
}
