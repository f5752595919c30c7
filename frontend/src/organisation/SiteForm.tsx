import { Button, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { type FormEvent } from "react";
import { FormAlert } from "../components/FormAlert";
import type { SiteFieldsFragment } from "../gql/graphql";
import { hasErrors, useForm } from "../forms/useForm";
import { required, stripSpaces, validateSiret } from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { CreateSiteMutation, UpdateSiteMutation } from "./documents";
import { departementOf, REGIONS } from "./regions";

// The département is derived from the postal code by the API.
const FIELDS = ["name", "siret", "addressLine", "postalCode", "city", "region"] as const;
type SiteValues = Record<(typeof FIELDS)[number], string>;

export const EMPTY_SITE: SiteValues = {
  name: "",
  siret: "",
  addressLine: "",
  postalCode: "",
  city: "",
  region: "",
};

const VALIDATORS = {
  name: required("Saisissez le nom du site."),
  siret: validateSiret,
  addressLine: required("Saisissez l’adresse."),
  postalCode: (value: string) =>
    /^\d{5}$/.test(value.trim()) ? null : "Le code postal comporte 5 chiffres.",
  city: required("Saisissez la ville."),
  region: required("Choisissez la région."),
};

interface SiteFormProps {
  /** Site being edited; creation when absent. */
  site?: SiteFieldsFragment;
  onSaved: () => void;
  onCancel: () => void;
}

/** Create / edit a site; INVALID_SIRET, SIRET_NOT_IN_SIREN… come back on their field. */
export function SiteForm({ site, onSaved, onCancel }: SiteFormProps) {
  const initial: SiteValues = site
    ? {
        name: site.name,
        siret: site.siret,
        addressLine: site.addressLine,
        postalCode: site.postalCode,
        city: site.city,
        region: site.region,
      }
    : EMPTY_SITE;
  const form = useForm(initial, VALIDATORS);
  const errorHandling = { fields: FIELDS, onFieldErrors: form.setErrors };
  const create = useMutationWithErrors(CreateSiteMutation, (data) => data.createSite, errorHandling);
  const update = useMutationWithErrors(UpdateSiteMutation, (data) => data.updateSite, errorHandling);
  // One form, one of the two mutations: its messages are the form's.
  const saving = site ? update : create;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    saving.setGeneral([]);
    if (hasErrors(form.validate())) return;
    const values = {
      name: form.values.name.trim(),
      siret: stripSpaces(form.values.siret),
      addressLine: form.values.addressLine.trim(),
      postalCode: form.values.postalCode.trim(),
      city: form.values.city.trim(),
      region: form.values.region.trim(),
    };
    const outcome = site ? await update.run({ id: site.id, ...values }) : await create.run(values);
    if (outcome.ok) onSaved();
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={site ? "Modifier le site" : "Nouveau site"}>
      <Stack gap="sm">
        <FormAlert messages={saving.general} />
        <TextInput label="Nom du site" required {...form.textField("name")} />
        <TextInput
          label="SIRET"
          description="14 chiffres ; le SIREN doit être celui de l’organisme."
          inputMode="numeric"
          required
          {...form.textField("siret")}
        />
        <TextInput label="Adresse" autoComplete="street-address" required {...form.textField("addressLine")} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Code postal" inputMode="numeric" autoComplete="postal-code" required {...form.textField("postalCode")} />
          <TextInput label="Ville" autoComplete="address-level2" required {...form.textField("city")} />
          <TextInput
            label="Département"
            value={departementOf(form.values.postalCode) ?? ""}
            description="Déduit du code postal."
            readOnly
            variant="filled"
          />
          <Select
            label="Région"
            data={[...REGIONS]}
            value={form.values.region || null}
            onChange={(value) => form.setValue("region", value ?? "")}
            error={form.errors.region}
            searchable
            required
            nothingFoundMessage="Aucune région"
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Annuler
          </Button>
          <Button type="submit" loading={create.fetching || update.fetching}>
            {site ? "Enregistrer" : "Créer le site"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
