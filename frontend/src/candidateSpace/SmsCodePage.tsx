import { Anchor, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { RequestCandidateSignInCodeMutation, SignInCandidateWithCodeMutation } from "./documents";
import { paths } from "./paths";

/**
 * `/espace-candidat/code`: a code by SMS, for candidates whose organisation recorded a
 * mobile number. Step 1: the number (same answer whether it is known); step 2: the code.
 */
export function SmsCodePage() {
  useDocumentTitle(pageTitle("Recevoir un code par SMS"));
  const navigate = useNavigate();
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState(false);
  const [codeError, setCodeError] = useState<string | undefined>();
  const request = useMutationWithErrors(RequestCandidateSignInCodeMutation, (d) => d.requestCandidateSignInCode);
  const signIn = useMutationWithErrors(SignInCandidateWithCodeMutation, (d) => d.signInCandidateWithCode, {
    fields: ["code"] as const,
    onFieldErrors: (byField) => setCodeError(byField.code),
    succeeded: (payload) => payload.ok,
  });

  async function ask(event: FormEvent) {
    event.preventDefault();
    const outcome = await request.run({ phone: phone.trim() });
    if (outcome.ok) setSent(true);
  }

  async function enter(event: FormEvent) {
    event.preventDefault();
    setCodeError(undefined);
    const outcome = await signIn.run({ phone: phone.trim(), code: code.trim() });
    if (outcome.ok) void navigate(paths.home, { replace: true });
  }

  return (
    <Stack gap="lg" component="section" aria-labelledby="sms-titre">
      <Title order={1} id="sms-titre">
        {sent ? "Écrire mon code" : "Recevoir un code par SMS"}
      </Title>
      {!sent ? (
        <form onSubmit={ask} noValidate aria-label="Demande de code par SMS">
          <Stack gap="md">
            <Text fz="lg">Nous envoyons un code à 6 chiffres sur votre téléphone portable.</Text>
            <FormAlert messages={request.general} title="Demande impossible" />
            <TextInput
              size="lg"
              label="Votre numéro de téléphone portable"
              description="Le numéro que vous avez donné à votre conseiller. Par exemple : 06 12 34 56 78"
              type="tel"
              autoComplete="tel"
              required
              value={phone}
              onChange={(event) => setPhone(event.currentTarget.value)}
            />
            <Button type="submit" size="lg" loading={request.fetching}>
              Recevoir mon code
            </Button>
          </Stack>
        </form>
      ) : (
        <form onSubmit={enter} noValidate aria-label="Connexion avec le code reçu">
          <Stack gap="md">
            <Text fz="lg">Si ce numéro est connu, un SMS arrive. Le code marche une fois, pendant 15 minutes.</Text>
            <FormAlert messages={signIn.general} title="Vous ne pouvez pas entrer" />
            <TextInput
              size="lg"
              label="Le code reçu par SMS"
              description="6 chiffres"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              value={code}
              error={codeError}
              onChange={(event) => setCode(event.currentTarget.value)}
            />
            <Button type="submit" size="lg" loading={signIn.fetching}>
              Entrer dans mon espace
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to={paths.requestLink} fz="lg">
        Recevoir plutôt un lien par e-mail
      </Anchor>
    </Stack>
  );
}
