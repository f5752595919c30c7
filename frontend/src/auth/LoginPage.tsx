import { Alert, Anchor, Button, Divider, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { hasErrors, useForm } from "../forms/useForm";
import { required, validateEmail } from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { AuthCard } from "./AuthCard";
import { LoginMutation, LoginOptionsQuery } from "./documents";
import { NEXT_PARAM, safeNextPath } from "./redirect";
import { userDisplayName, useSession, useViewer } from "./session";

const FIELDS = ["email", "password"] as const;
const VALIDATORS = {
  email: validateEmail,
  password: required("Saisissez votre mot de passe."),
};

/** `/connexion`: email + password, and one button per organisation using OIDC. */
export function LoginPage() {
  useDocumentTitle(pageTitle("Connexion"));
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get(NEXT_PARAM));
  const navigate = useNavigate();
  const { viewer, loading } = useViewer();
  const { resetSession } = useSession();
  const form = useForm({ email: "", password: "" }, VALIDATORS);
  const login = useMutationWithErrors(LoginMutation, (data) => data.login, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
    succeeded: (payload) => Boolean(payload.viewer),
  });
  const [submitted, setSubmitted] = useState(false);

  if (!loading && viewer && !submitted) {
    return (
      <AuthCard title="Connexion">
        <Alert color="blue" variant="light" title="Déjà connecté" role="status">
          <Text size="sm">Vous êtes connecté en tant que {userDisplayName(viewer)}.</Text>
        </Alert>
        <Button component={Link} to={next} style={{ alignSelf: "flex-start" }}>
          Continuer
        </Button>
      </AuthCard>
    );
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    login.setGeneral([]);
    if (hasErrors(form.validate())) return;
    const outcome = await login.run({ email: form.values.email.trim(), password: form.values.password });
    if (outcome.ok) {
      setSubmitted(true);
      resetSession();
      void navigate(next, { replace: true });
      return;
    }
    if (outcome.general.length === 0 && !hasErrors(outcome.byField)) login.setGeneral(["La connexion a échoué."]);
  }

  return (
    <AuthCard title="Connexion">
      <form onSubmit={onSubmit} noValidate aria-label="Connexion par mot de passe">
        <Stack gap="sm">
          <FormAlert messages={login.general} title="Connexion impossible" />
          <TextInput
            label="Adresse e-mail"
            type="email"
            autoComplete="username"
            required
            withAsterisk={false}
            {...form.textField("email")}
          />
          <PasswordInput
            label="Mot de passe"
            autoComplete="current-password"
            required
            withAsterisk={false}
            {...form.textField("password")}
          />
          <Button type="submit" loading={login.fetching}>
            Se connecter
          </Button>
          <Anchor component={Link} to="/mot-de-passe-oublie" size="sm">
            Mot de passe oublié ?
          </Anchor>
        </Stack>
      </form>
      <LoginOptions />
    </AuthCard>
  );
}

/** "Se connecter avec …" links (full-page navigation to the OIDC flow). */
function LoginOptions() {
  const [{ data }] = useQuery({ query: LoginOptionsQuery });
  const options = data?.loginOptions ?? [];
  if (options.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-label="Connexion via votre organisme">
      <Divider label="ou" labelPosition="center" />
      <Text size="sm">Votre organisme utilise son propre service de connexion :</Text>
      {options.map((option) => (
        <Button
          key={option.organisationSlug}
          component="a"
          href={option.loginUrl}
          variant="default"
          data-organisation={option.organisationSlug}
        >
          Se connecter avec {option.organisationName}
        </Button>
      ))}
    </Stack>
  );
}
