import { Alert, Button, PasswordInput, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { FormAlert } from "../components/FormAlert";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import type { OidcConfigurationQuery as OidcResult } from "../gql/graphql";
import { hasErrors, useForm } from "../forms/useForm";
import { required } from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { ConfigureOidcMutation, OidcConfigurationQuery } from "./documents";
import { OrganisationPageHeader } from "./OrganisationPageHeader";

type Configuration = OidcResult["oidcConfiguration"];

/** `/organisation/oidc`: the organisation's OpenID Connect provider. */
export function OidcPage() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: OidcConfigurationQuery });
  return (
    <Stack gap="lg">
      <OrganisationPageHeader title="Connexion OIDC" />
      <Text>
        Permet aux membres de se connecter avec le fournisseur d’identité de l’organisation
        (OpenID Connect). Le bouton « Se connecter avec … » apparaît sur la page de connexion une
        fois la configuration activée.
      </Text>
      {fetching && !data ? (
        <LoadingState label="Chargement de la configuration OIDC…" />
      ) : error && !data ? (
        <OperationError
          message="Impossible de charger la configuration OIDC."
          error={error}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : (
        <OidcForm key={data ? "loaded" : "empty"} configuration={data?.oidcConfiguration ?? null} />
      )}
    </Stack>
  );
}

const FIELDS = ["issuer", "clientId", "clientSecret", "enabled"] as const;

function OidcForm({ configuration }: { configuration: Configuration }) {
  const [hasSecret, setHasSecret] = useState(configuration?.hasClientSecret ?? false);
  const form = useForm(
    {
      issuer: configuration?.issuer ?? "",
      clientId: configuration?.clientId ?? "",
      clientSecret: "",
      enabled: configuration?.enabled ?? false,
    },
    {
      issuer: (value: string) => {
        if (value.trim() === "") return "Saisissez l’URL de l’émetteur (issuer).";
        return /^https?:\/\/\S+$/.test(value.trim()) ? null : "L’émetteur doit être une URL (https://…).";
      },
      clientId: required("Saisissez l’identifiant client."),
      clientSecret: (value: string) =>
        !hasSecret && value === "" ? "Saisissez le secret client." : null,
    },
  );
  const configure = useMutationWithErrors(ConfigureOidcMutation, (data) => data.configureOidc, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
  });
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    configure.setGeneral([]);
    setSaved(false);
    if (hasErrors(form.validate())) return;
    const outcome = await configure.run({
      issuer: form.values.issuer.trim(),
      clientId: form.values.clientId.trim(),
      // Omitted (not null) when unchanged: the server keeps the stored secret.
      ...(form.values.clientSecret !== "" ? { clientSecret: form.values.clientSecret } : {}),
      enabled: form.values.enabled,
    });
    if (!outcome.ok) return;
    setSaved(true);
    setHasSecret(outcome.payload.oidcConfiguration?.hasClientSecret ?? true);
    form.setValue("clientSecret", "");
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Configuration OIDC">
      <Stack gap="sm" maw={560}>
        {saved && (
          <Alert color="green" variant="light" role="status" title="Configuration enregistrée">
            <Text size="sm">La configuration OIDC a été enregistrée.</Text>
          </Alert>
        )}
        <FormAlert messages={configure.general} />
        <TextInput
          label="Émetteur (issuer)"
          placeholder="https://connexion.exemple.fr/realms/organisme"
          type="url"
          required
          {...form.textField("issuer")}
        />
        <TextInput label="Identifiant client (client ID)" required {...form.textField("clientId")} />
        <PasswordInput
          label="Secret client"
          placeholder={hasSecret ? "inchangé" : undefined}
          description={
            hasSecret ? "Laissez vide pour conserver le secret enregistré." : undefined
          }
          autoComplete="new-password"
          required={!hasSecret}
          {...form.textField("clientSecret")}
        />
        <Switch
          label="Connexion OIDC activée"
          checked={form.values.enabled}
          onChange={(event) => form.setValue("enabled", event.currentTarget.checked)}
          error={form.errors.enabled}
        />
        <Button type="submit" loading={configure.fetching} style={{ alignSelf: "flex-start" }}>
          Enregistrer
        </Button>
      </Stack>
    </form>
  );
}
