import { Alert, Anchor, Button, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { NETWORK_OPTIONS } from "../auth/labels";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import type { NationalNetwork } from "../gql/graphql";
import { hasErrors, useForm } from "../forms/useForm";
import { required, stripSpaces, validateEmail, validateSiren } from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { RequestAccreditationMutation } from "./documents";

const FIELDS = ["organisationName", "siren", "legalForm", "network", "adminFullName", "adminEmail"] as const;

const EMPTY = {
  organisationName: "",
  siren: "",
  legalForm: "",
  network: null as NationalNetwork | null,
  adminFullName: "",
  adminEmail: "",
};

const VALIDATORS = {
  organisationName: required("Saisissez le nom de l’organisme."),
  siren: validateSiren,
  adminFullName: required("Saisissez les prénom et nom de l’administrateur."),
  adminEmail: validateEmail,
};

/** `/demander-une-habilitation` (public): a new organisation and its first administrator. */
export function RequestAccreditationPage() {
  useDocumentTitle(pageTitle("Demander une habilitation"));
  const form = useForm(EMPTY, VALIDATORS);
  const request = useMutationWithErrors(RequestAccreditationMutation, (data) => data.requestAccreditation, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
  });
  const [sent, setSent] = useState<{ organisation: string; email: string } | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    request.setGeneral([]);
    if (hasErrors(form.validate())) return;
    const email = form.values.adminEmail.trim();
    const outcome = await request.run({
      organisationName: form.values.organisationName.trim(),
      siren: stripSpaces(form.values.siren),
      legalForm: form.values.legalForm.trim(),
      network: form.values.network,
      adminFullName: form.values.adminFullName.trim(),
      adminEmail: email,
    });
    if (outcome.ok) {
      setSent({ organisation: outcome.payload.organisationName ?? form.values.organisationName.trim(), email });
      form.reset(EMPTY);
    }
  }

  return (
    <Stack gap="lg" maw={760}>
      <div>
        <Title order={1}>Demander une habilitation</Title>
        <Text mt="xs">
          Votre organisme souhaite évaluer des candidats aux certifications CléA ? Inscrivez-le : son
          administrateur recevra une invitation par e-mail pour choisir son mot de passe, puis
          déposera la candidature lors d’une campagne d’habilitation ouverte.
        </Text>
      </div>
      {sent ? (
        <Alert color="green" variant="light" role="status" title="Demande enregistrée" data-testid="request-sent">
          <Stack gap="xs">
            <Text size="sm">
              L’organisme {sent.organisation} est inscrit, en attente d’habilitation. Une invitation a été
              envoyée par e-mail à {sent.email} : suivez le lien qu’elle contient pour choisir votre mot de
              passe et déposer votre candidature.
            </Text>
            <Text size="sm">
              Pas de message ? Vérifiez le dossier des indésirables ; le lien reste valable quelques jours.
            </Text>
          </Stack>
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Demander une habilitation">
          <Stack gap="sm">
            <FormAlert messages={request.general} title="Demande impossible" />
            <Title order={2} size="h3">
              L’organisme
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label="Nom de l’organisme"
                autoComplete="organization"
                required
                {...form.textField("organisationName")}
              />
              <TextInput
                label="SIREN"
                description="9 chiffres (avis de situation SIRENE)"
                inputMode="numeric"
                required
                {...form.textField("siren")}
              />
              <TextInput
                label="Forme juridique"
                placeholder="ex. Association loi 1901"
                {...form.textField("legalForm")}
              />
              <Select
                label="Réseau national"
                placeholder="Aucun"
                data={NETWORK_OPTIONS}
                value={form.values.network}
                onChange={(value) => form.setValue("network", value as NationalNetwork | null)}
                error={form.errors.network}
                clearable
                comboboxProps={{ withinPortal: true }}
              />
            </SimpleGrid>
            <Title order={2} size="h3" mt="sm">
              Son administrateur
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label="Prénom et nom de l’administrateur"
                autoComplete="name"
                required
                {...form.textField("adminFullName")}
              />
              <TextInput
                label="Adresse e-mail de l’administrateur"
                description="L’invitation y sera envoyée."
                type="email"
                autoComplete="email"
                required
                {...form.textField("adminEmail")}
              />
            </SimpleGrid>
            <Button type="submit" loading={request.fetching} style={{ alignSelf: "flex-start" }}>
              Envoyer la demande
            </Button>
          </Stack>
        </form>
      )}
      <Text size="sm">
        Vous cherchez un organisme pour passer une certification ?{" "}
        <Anchor component={Link} to="/organismes-evaluateurs">
          Trouver un organisme évaluateur
        </Anchor>
      </Text>
    </Stack>
  );
}
