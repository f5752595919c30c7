import { Alert, Button, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { NETWORK_OPTIONS } from "../auth/labels";
import { FormAlert } from "../components/FormAlert";
import type { NationalNetwork } from "../gql/graphql";
import { hasErrors, useForm } from "../forms/useForm";
import { required, stripSpaces, validateEmail, validateSiren } from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { CreateOrganisationMutation } from "./documents";

const FIELDS = ["name", "siren", "legalForm", "network", "adminEmail"] as const;
const EMPTY = { name: "", siren: "", legalForm: "", network: null as NationalNetwork | null, adminEmail: "" };
const VALIDATORS = {
  name: required("Saisissez le nom de l’organisme."),
  siren: validateSiren,
  adminEmail: (value: string) => (value.trim() === "" ? null : validateEmail(value)),
};

/** "Nouvel organisme" (Certif'Pro admin): INVALID_SIREN, DUPLICATE_SIREN… on their field. */
export function CreateOrganisationForm({ onCreated }: { onCreated: () => void }) {
  const form = useForm(EMPTY, VALIDATORS);
  const create = useMutationWithErrors(CreateOrganisationMutation, (data) => data.createOrganisation, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
  });
  const [created, setCreated] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.setGeneral([]);
    setCreated(null);
    if (hasErrors(form.validate())) return;
    const outcome = await create.run({
      name: form.values.name.trim(),
      siren: stripSpaces(form.values.siren),
      legalForm: form.values.legalForm.trim(),
      network: form.values.network,
      adminEmail: form.values.adminEmail.trim() || null,
    });
    if (!outcome.ok) return;
    setCreated(outcome.payload.organisation?.name ?? form.values.name.trim());
    form.reset(EMPTY);
    onCreated();
  }

  return (
    <section aria-labelledby="new-organisation-heading">
      <Title order={2} size="h3" id="new-organisation-heading" mb="sm">
        Nouvel organisme
      </Title>
      <form onSubmit={onSubmit} noValidate aria-label="Nouvel organisme">
        <Stack gap="sm">
          {created && (
            <Alert color="green" variant="light" role="status" title="Organisme créé">
              <Text size="sm">
                L’organisme {created} a été créé.
              </Text>
            </Alert>
          )}
          <FormAlert messages={create.general} title="Création impossible" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Nom" required {...form.textField("name")} />
            <TextInput label="SIREN" inputMode="numeric" required {...form.textField("siren")} />
            <TextInput label="Forme juridique" placeholder="ex. Association loi 1901" {...form.textField("legalForm")} />
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
            <TextInput
              label="Adresse e-mail de l’administrateur"
              description="Facultatif : cette personne recevra une invitation d’administrateur."
              type="email"
              {...form.textField("adminEmail")}
            />
          </SimpleGrid>
          <Button type="submit" loading={create.fetching} style={{ alignSelf: "flex-start" }}>
            Créer l’organisme
          </Button>
        </Stack>
      </form>
    </section>
  );
}
