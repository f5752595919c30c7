import { Alert, Checkbox, Group, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { useForm } from "../forms/useForm";
import type { Civility, EducationLevel, RegistrationStatus } from "../gql/graphql";
import type { PayloadError } from "../graphql/errors";
import { useQuery } from "urql";
import { ProfessionalSectorsQuery } from "./candidateDocuments";
import { normalisePhone, type CandidateValues } from "./candidateValidation";
import { CIVILITY_LABELS, EDUCATION_LEVEL_LABELS, optionsOf, REGISTRATION_STATUS_LABELS } from "./labels";
import { DateField } from "../components/DateField";

type CandidateForm = ReturnType<typeof useForm<CandidateValues>>;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <Text component="legend" fw={700} mb="xs">
        {title}
      </Text>
      {children}
    </fieldset>
  );
}

/**
 * The candidate's fields (identity, birth, contact details, situation), as
 * created in the new dossier wizard and corrected on the dossier page.
 * `duplicateWarning` goes under the names.
 */
export function CandidateFields({ form, duplicateWarning }: { form: CandidateForm; duplicateWarning?: ReactNode }) {
  const { values } = form;
  const [sectors] = useQuery({ query: ProfessionalSectorsQuery });
  const selectField = <K extends "statusAtRegistration" | "educationLevel">(name: K) => ({
    value: values[name] || null,
    onChange: (value: string | null) => form.setValue(name, value ?? ""),
    error: form.errors[name],
    allowDeselect: false,
    comboboxProps: { withinPortal: true },
  });
  return (
    <>
      <Section title="Identité">
        <Stack gap="sm">
          <Radio.Group
            label="Civilité"
            required
            value={values.civility || null}
            onChange={(value) => form.setValue("civility", value)}
            error={form.errors.civility}
            name="civility"
          >
            <Group gap="lg" mt={4}>
              {optionsOf(CIVILITY_LABELS).map((option) => (
                <Radio key={option.value} value={option.value} label={option.label} />
              ))}
            </Group>
          </Radio.Group>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label="Nom de naissance" required autoComplete="off" {...form.textField("birthName")} />
            <TextInput label="Nom d’usage" autoComplete="off" {...form.textField("usageName")} />
            <TextInput label="Prénom(s)" required autoComplete="off" {...form.textField("firstNames")} />
          </SimpleGrid>
          {duplicateWarning}
        </Stack>
      </Section>
      <Section title="Naissance">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateField label="Date de naissance" required {...form.dateField("birthDate")} />
          <Checkbox
            mt={{ base: 0, sm: 30 }}
            label="Né(e) à l’étranger"
            checked={values.bornAbroad}
            onChange={(event) => {
              const abroad = event.currentTarget.checked;
              form.setValue("bornAbroad", abroad);
              if (!abroad && values.birthCountry.trim() === "") form.setValue("birthCountry", "France");
              if (abroad && values.birthCountry.trim().toLowerCase() === "france") form.setValue("birthCountry", "");
            }}
            error={form.errors.bornAbroad}
          />
          <TextInput label="Pays de naissance" required {...form.textField("birthCountry")} />
          <TextInput label="Commune de naissance" required {...form.textField("birthCity")} />
          {!values.bornAbroad && (
            <TextInput
              label="Code postal de naissance"
              inputMode="numeric"
              maxLength={5}
              {...form.textField("birthPostalCode")}
            />
          )}
        </SimpleGrid>
      </Section>
      <Section title="Coordonnées">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Adresse e-mail" type="email" autoComplete="off" {...form.textField("email")} />
          <TextInput
            label="Téléphone"
            type="tel"
            autoComplete="off"
            description="Exemple : 06 12 34 56 78"
            {...form.textField("phone")}
          />
          <TextInput label="Adresse" autoComplete="off" {...form.textField("addressLine")} />
          <TextInput label="Code postal" inputMode="numeric" maxLength={5} {...form.textField("postalCode")} />
          <TextInput label="Ville" autoComplete="off" {...form.textField("city")} />
        </SimpleGrid>
      </Section>
      <Section title="Situation">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label="Situation à l’inscription"
            required
            data={optionsOf(REGISTRATION_STATUS_LABELS)}
            {...selectField("statusAtRegistration")}
          />
          <Select
            label="Niveau de diplôme"
            required
            data={optionsOf(EDUCATION_LEVEL_LABELS)}
            {...selectField("educationLevel")}
          />
        </SimpleGrid>
        <Select
          mt="sm"
          label="Secteur professionnel"
          description="Section de la nomenclature d’activités française (NAF, INSEE), facultatif."
          placeholder="Choisir un secteur"
          data={(sectors.data?.professionalSectors ?? []).map((sector) => ({
            value: sector.code,
            label: `${sector.code} — ${sector.label}`,
          }))}
          value={values.professionalSector || null}
          onChange={(value) => form.setValue("professionalSector", value ?? "")}
          error={form.errors.professionalSector}
          searchable
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          mt="sm"
          label="Projet professionnel"
          description="Métier ou secteur visé (facultatif)."
          autosize
          minRows={2}
          {...form.textField("professionalProject")}
        />
      </Section>
    </>
  );
}

/** "Candidat peut-être déjà enregistré" with the box to confirm it is someone else. */
export function DuplicateWarning({
  message,
  confirmed,
  error,
  onChange,
}: {
  message: string;
  confirmed: boolean;
  error: string | null;
  onChange: (checked: boolean) => void;
}) {
  return (
    <Alert color="warning" variant="light" title="Candidat peut-être déjà enregistré" role="alert" data-testid="duplicate-warning">
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        <Checkbox
          label="Il ne s’agit pas de la même personne"
          checked={confirmed}
          onChange={(event) => onChange(event.currentTarget.checked)}
          error={error}
        />
      </Stack>
    </Alert>
  );
}

/** The form's values as `createCandidate` / `updateCandidate` take them (trimmed, normalised). */
export function candidateInput(values: CandidateValues) {
  const trim = (text: string) => text.trim();
  return {
    civility: values.civility as Civility,
    birthName: trim(values.birthName),
    usageName: trim(values.usageName),
    firstNames: trim(values.firstNames),
    birthDate: values.birthDate,
    bornAbroad: values.bornAbroad,
    birthCountry: trim(values.birthCountry),
    birthCity: trim(values.birthCity),
    birthPostalCode: values.bornAbroad ? "" : trim(values.birthPostalCode),
    email: trim(values.email),
    phone: values.phone.trim() ? normalisePhone(values.phone) : "",
    addressLine: trim(values.addressLine),
    postalCode: trim(values.postalCode),
    city: trim(values.city),
    statusAtRegistration: values.statusAtRegistration as RegistrationStatus,
    educationLevel: values.educationLevel as EducationLevel,
    professionalProject: trim(values.professionalProject),
    professionalSector: values.professionalSector || null,
  };
}

/** Fields whose change may resolve a possible duplicate. */
const IDENTITY_FIELDS: readonly (keyof CandidateValues)[] = ["birthName", "firstNames", "birthDate"];

/**
 * The possible-duplicate flag of a candidate form (creation or correction): raised by the
 * server's POSSIBLE_DUPLICATE, confirmed by the user's checkbox, forgotten when the
 * identity changes (the server then checks again).
 */
export function useDuplicateConfirmation(values: CandidateValues) {
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const identity = IDENTITY_FIELDS.map((field) => values[field]).join("|");
  const flaggedIdentity = useRef<string | null>(null);
  useEffect(() => {
    if (flaggedIdentity.current !== null && flaggedIdentity.current !== identity) {
      flaggedIdentity.current = null;
      setDuplicate(null);
      setConfirmed(false);
      setError(null);
    }
  }, [identity]);

  return {
    /** To send as `confirmNotDuplicate`. */
    confirmNotDuplicate: duplicate !== null && confirmed,
    /** False, with the checkbox's error shown, while a flagged duplicate is unconfirmed. */
    maySubmit(): boolean {
      if (duplicate && !confirmed) {
        setError("Cochez cette case s’il s’agit d’une autre personne, ou corrigez l’identité saisie.");
        return false;
      }
      return true;
    },
    /** Takes the server's errors: a POSSIBLE_DUPLICATE flags the identity as sent. */
    readErrors(errors: readonly PayloadError[]): void {
      const possibleDuplicate = errors.find((e) => e.code === "POSSIBLE_DUPLICATE");
      if (possibleDuplicate) {
        flaggedIdentity.current = identity;
        setDuplicate(possibleDuplicate.message);
        setConfirmed(false);
      }
    },
    /** The warning with its checkbox, shown while a duplicate is flagged. */
    warning: duplicate && (
      <DuplicateWarning
        message={duplicate}
        confirmed={confirmed}
        error={error}
        onChange={(checked) => {
          setConfirmed(checked);
          setError(null);
        }}
      />
    ),
  };
}
