import { Alert, Anchor, Button, List, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { formatDateTime } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import type { InvitationPreviewQuery as InvitationPreviewResult } from "../gql/graphql";
import { hasErrors, useForm } from "../forms/useForm";
import {
  PASSWORD_MIN_LENGTH,
  required,
  validateConfirmation,
  validateNewPassword,
} from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { AuthCard } from "./AuthCard";
import { AcceptInvitationMutation, InvitationPreviewQuery } from "./documents";
import { RoleBadges } from "./RoleBadges";
import { useSession } from "./session";

type Preview = Extract<
  InvitationPreviewResult["invitationPreview"],
  { __typename: "InvitationPreview" }
>;

/** `/invitation?token=…`: join an organisation (creating the account if needed). */
export function InvitationPage() {
  useDocumentTitle(pageTitle("Invitation"));
  const [searchParams] = useSearchParams();
  const token = searchParams.get("token") ?? "";
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: InvitationPreviewQuery,
    variables: { token },
    pause: !token,
  });
  const preview = data?.invitationPreview;

  return (
    <AuthCard title="Invitation">
      {!token ? (
        <InvalidInvitation />
      ) : fetching && !data ? (
        <LoadingState label="Chargement de l’invitation…" />
      ) : error && !data ? (
        <OperationError
          message="Impossible de charger l’invitation."
          error={error}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : preview?.__typename === "InvitationPreview" ? (
        <AcceptInvitationForm token={token} preview={preview} />
      ) : (
        <InvalidInvitation />
      )}
    </AuthCard>
  );
}

function InvalidInvitation() {
  return (
    <Alert color="red" variant="light" title="Invitation invalide" role="alert">
      <Stack gap="xs">
        <Text size="sm">
          Ce lien d’invitation est invalide, a expiré ou a déjà été utilisé. Demandez une nouvelle
          invitation à l’administrateur de votre organisme.
        </Text>
        <Anchor component={Link} to="/connexion" size="sm" c="blue.9">
          Aller à la page de connexion
        </Anchor>
      </Stack>
    </Alert>
  );
}

const FIELDS = ["fullName", "password"] as const;

function AcceptInvitationForm({ token, preview }: { token: string; preview: Preview }) {
  const navigate = useNavigate();
  const { resetSession } = useSession();
  const newAccount = !preview.accountExists;
  const form = useForm(
    { fullName: "", password: "", confirmation: "" },
    newAccount
      ? {
          fullName: required("Saisissez votre nom complet."),
          password: validateNewPassword,
          confirmation: (value: string, values: { password: string }) =>
            validateConfirmation(value, values.password),
        }
      : {},
  );
  const accept = useMutationWithErrors(AcceptInvitationMutation, (data) => data.acceptInvitation, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    accept.setGeneral([]);
    if (hasErrors(form.validate())) return;
    const outcome = await accept.run(
      newAccount
        ? { token, fullName: form.values.fullName.trim(), password: form.values.password }
        : { token },
    );
    if (!outcome.ok) return;
    resetSession();
    void navigate("/", { replace: true });
  }

  return (
    <Stack gap="md">
      <List spacing={4} size="sm" listStyleType="none" aria-label="Détails de l’invitation">
        <List.Item>
          Organisme : <Text span fw={700} data-testid="invitation-organisation">{preview.organisationName}</Text>
        </List.Item>
        <List.Item>
          Adresse e-mail : <Text span fw={700}>{preview.email}</Text>
        </List.Item>
        <List.Item>
          Rôles : <RoleBadges roles={preview.roles} />
        </List.Item>
        <List.Item>Valable jusqu’au {formatDateTime(preview.expiresAt)}</List.Item>
      </List>
      <form onSubmit={onSubmit} noValidate aria-label="Accepter l’invitation">
        <Stack gap="sm">
          <FormAlert messages={accept.general} title="Impossible d’accepter l’invitation" />
          {newAccount ? (
            <>
              <Text size="sm">Créez votre compte pour rejoindre l’organisme.</Text>
              <TextInput label="Nom complet" autoComplete="name" required {...form.textField("fullName")} />
              <PasswordInput
                label="Mot de passe"
                description={`Au moins ${PASSWORD_MIN_LENGTH} caractères.`}
                autoComplete="new-password"
                required
                {...form.textField("password")}
              />
              <PasswordInput
                label="Confirmation du mot de passe"
                autoComplete="new-password"
                required
                {...form.textField("confirmation")}
              />
            </>
          ) : (
            <Text size="sm">
              Un compte existe déjà pour cette adresse : acceptez l’invitation pour l’ajouter à vos
              organismes.
            </Text>
          )}
          <Button type="submit" loading={accept.fetching}>
            Accepter l’invitation
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
