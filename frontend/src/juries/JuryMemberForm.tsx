import { Alert, Button, Checkbox, Group, Radio, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { FormAlert } from "../components/FormAlert";
import { hasErrors, useForm } from "../forms/useForm";
import { required, validateEmail } from "../forms/validation";
import type { JuryMemberFieldsFragment, Side } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { REGIONS } from "../organisation/regions";
import { AddJuryMemberMutation, UpdateJuryMemberMutation } from "./documents";
import { invalidSiren, parseSirens, SIDE_LABELS } from "./labels";

const FIELDS = ["email", "fullName", "side", "body", "region", "certificationCodes", "affiliations"] as const;
const REGION_OPTIONS = REGIONS.map((region) => ({ value: region, label: region }));

interface Values {
  email: string;
  fullName: string;
  side: Side | null;
  body: string;
  region: string | null;
  certificationCodes: string[];
  affiliations: string;
  active: boolean;
}

const EMPTY: Values = {
  email: "",
  fullName: "",
  side: null,
  body: "",
  region: null,
  certificationCodes: [],
  affiliations: "",
  active: true,
};

const VALIDATORS = {
  email: validateEmail,
  fullName: required("Saisissez le nom."),
  side: required("Choisissez le collège."),
  body: required("Indiquez l’organisation représentée (fédération, syndicat…)."),
  region: required("Choisissez la région."),
  certificationCodes: (codes: string[]) => (codes.length === 0 ? "Choisissez au moins une certification." : null),
  affiliations: (text: string) => {
    const wrong = invalidSiren(parseSirens(text));
    return wrong ? `« ${wrong} » n’est pas un SIREN (9 chiffres).` : null;
  },
};

function valuesOf(member: JuryMemberFieldsFragment): Values {
  return {
    email: member.email,
    fullName: member.fullName,
    side: member.side,
    body: member.body,
    region: member.region,
    certificationCodes: [...member.certificationCodes],
    affiliations: member.affiliations.join("\n"),
    active: member.active,
  };
}

interface JuryMemberFormProps {
  certifications: { value: string; label: string }[];
  /** Edit this member; absent: add a new one. */
  member?: JuryMemberFieldsFragment | null;
  onSaved: (member: JuryMemberFieldsFragment) => void;
  onCancel?: () => void;
}

/** Add a person to the roster (an account and a password link for newcomers), or edit one. */
export function JuryMemberForm({ certifications, member, onSaved, onCancel }: JuryMemberFormProps) {
  const editing = Boolean(member);
  const form = useForm<Values>(member ? valuesOf(member) : EMPTY, VALIDATORS);
  const addMember = useMutationWithErrors(AddJuryMemberMutation, (data) => data.addJuryMember, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
    succeeded: (payload) => Boolean(payload.member),
  });
  const updateMember = useMutationWithErrors(UpdateJuryMemberMutation, (data) => data.updateJuryMember, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
    succeeded: (payload) => Boolean(payload.member),
  });
  const general = [...addMember.general, ...updateMember.general];
  const [added, setAdded] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    addMember.setGeneral([]);
    updateMember.setGeneral([]);
    setAdded(null);
    if (hasErrors(form.validate())) return;
    const values = form.values;
    const input = {
      email: values.email.trim(),
      fullName: values.fullName.trim(),
      side: values.side as Side,
      body: values.body.trim(),
      region: values.region ?? "",
      certificationCodes: values.certificationCodes,
      affiliations: parseSirens(values.affiliations),
    };
    const outcome = member
      ? await updateMember.run({ ...input, id: member.id, active: values.active })
      : await addMember.run(input);
    if (!outcome.ok) return;
    const saved = outcome.payload.member!;
    if (!member) {
      setAdded(`${saved.fullName} (${saved.email})`);
      form.reset(EMPTY);
    }
    onSaved(saved);
  }

  const label = editing ? `Modifier ${member?.fullName ?? "le membre"}` : "Ajouter un membre du jury";
  return (
    <form onSubmit={onSubmit} noValidate aria-label={label}>
      <Stack gap="sm">
        {added && (
          <Alert color="green" variant="light" role="status" title="Membre ajouté au vivier">
            <Text size="sm">
              {added} figure dans le vivier. Une personne sans compte reçoit un lien pour choisir son mot de passe.
            </Text>
          </Alert>
        )}
        <FormAlert messages={general} title="Enregistrement impossible" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Adresse e-mail"
            type="email"
            required
            readOnly={editing}
            description={editing ? "L’adresse identifie le compte : elle ne se modifie pas ici." : undefined}
            {...form.textField("email")}
          />
          <TextInput label="Nom complet" required {...form.textField("fullName")} />
        </SimpleGrid>
        <Radio.Group
          label="Collège"
          required
          value={form.values.side ?? ""}
          onChange={(value) => form.setValue("side", value as Side)}
          error={form.errors.side}
        >
          <Group gap="lg" mt={4}>
            <Radio value="EMPLOYER" label={SIDE_LABELS.EMPLOYER} />
            <Radio value="EMPLOYEE" label={SIDE_LABELS.EMPLOYEE} />
          </Group>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Organisation représentée"
            description="Fédération professionnelle, syndicat…"
            required
            {...form.textField("body")}
          />
          <Select
            label="Région"
            required
            data={REGION_OPTIONS}
            value={form.values.region}
            onChange={(value) => form.setValue("region", value)}
            error={form.errors.region}
            searchable
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Checkbox.Group
          label="Certifications"
          required
          value={form.values.certificationCodes}
          onChange={(value) => form.setValue("certificationCodes", value)}
          error={form.errors.certificationCodes}
        >
          <Stack gap={6} mt={4}>
            {certifications.map((certification) => (
              <Checkbox key={certification.value} value={certification.value} label={certification.label} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Textarea
          label="SIREN des organismes liés"
          description="Organismes pour lesquels ou avec lesquels la personne travaille, un SIREN par ligne (ou séparés par des virgules) : elle sera récusée pour les candidats qu’ils ont évalués ou formés."
          autosize
          minRows={2}
          {...form.textField("affiliations")}
        />
        {editing && (
          <Switch
            label="Dans le vivier (peut être convoqué)"
            checked={form.values.active}
            onChange={(event) => form.setValue("active", event.currentTarget.checked)}
          />
        )}
        <Group gap="sm">
          <Button type="submit" loading={addMember.fetching || updateMember.fetching}>
            {editing ? "Enregistrer les modifications" : "Ajouter au vivier"}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Annuler
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
