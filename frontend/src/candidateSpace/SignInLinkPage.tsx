import { Alert, Anchor, Button, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { Link, useNavigate, useSearchParams } from "react-router";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { SignInCandidateMutation } from "./documents";
import { paths } from "./paths";

/**
 * `/espace-candidat/connexion?jeton=…`: the page of the e-mailed link. The link is used
 * only when the candidate presses the button (a mail scanner opening the link does not
 * use it up).
 */
export function SignInLinkPage() {
  useDocumentTitle(pageTitle("Entrer dans mon espace"));
  const [searchParams] = useSearchParams();
  const token = searchParams.get("jeton") ?? "";
  const navigate = useNavigate();
  const signIn = useMutationWithErrors(SignInCandidateMutation, (data) => data.signInCandidate, {
    succeeded: (payload) => payload.ok,
  });

  return (
    <Stack gap="lg" component="section" aria-labelledby="entrer-titre">
      <Title order={1} id="entrer-titre">
        Entrer dans mon espace
      </Title>
      {!token ? (
        <Alert color="red" variant="light" title="Lien incomplet" role="alert">
          <Text fz="lg">Ce lien est incomplet. Demandez un nouveau lien.</Text>
        </Alert>
      ) : (
        <>
          <Text fz="lg">Appuyez sur le bouton pour entrer. Vous n'avez pas de mot de passe à donner.</Text>
          <FormAlert messages={signIn.general} title="Vous ne pouvez pas entrer" />
          <Button
            size="lg"
            loading={signIn.fetching}
            onClick={async () => {
              const outcome = await signIn.run({ token });
              if (outcome.ok) void navigate(paths.home, { replace: true });
            }}
          >
            Entrer dans mon espace
          </Button>
        </>
      )}
      <Anchor component={Link} to={paths.requestLink} fz="lg">
        Demander un nouveau lien de connexion
      </Anchor>
    </Stack>
  );
}
