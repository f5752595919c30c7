import { Button, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { OrganisationChoicesQuery } from "../platform/documents";
import { DateField } from "../components/DateField";
import { dayError } from "../components/dates";

export interface AuditFilterValues {
  operation: string;
  actorEmail: string;
  /** `YYYY-MM-DD` or "". */
  from: string;
  to: string;
  /** Platform scope only; "" = every organisation. */
  organisationId: string;
}

export const NO_FILTER: AuditFilterValues = {
  operation: "",
  actorEmail: "",
  from: "",
  to: "",
  organisationId: "",
};

interface AuditFiltersProps {
  withOrganisation: boolean;
  onApply: (filters: AuditFilterValues) => void;
}

/** Filters of the audit log; applied on submit ("Filtrer"). */
export function AuditFilters({ withOrganisation, onApply }: AuditFiltersProps) {
  const [values, setValues] = useState<AuditFilterValues>(NO_FILTER);
  const [dateError, setDateError] = useState<string | null>(null);
  const set = (name: keyof AuditFilterValues) => (value: string) =>
    setValues((current) => ({ ...current, [name]: value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const wrongDay = dayError(values.from) ?? dayError(values.to);
    if (wrongDay) {
      setDateError(wrongDay);
      return;
    }
    if (values.from && values.to && values.from > values.to) {
      setDateError("La date de fin doit être postérieure à la date de début.");
      return;
    }
    setDateError(null);
    onApply(values);
  }

  function onReset() {
    setValues(NO_FILTER);
    setDateError(null);
    onApply(NO_FILTER);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Filtres du journal">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: withOrganisation ? 3 : 4 }} spacing="sm">
          <TextInput
            label="Opération"
            placeholder="ex. member.invite"
            value={values.operation}
            onChange={(e) => set("operation")(e.currentTarget.value)}
          />
          <TextInput
            label="Adresse e-mail de l’acteur"
            type="email"
            value={values.actorEmail}
            onChange={(e) => set("actorEmail")(e.currentTarget.value)}
          />
          <DateField
            label="Du"
            value={values.from}
            onChange={(value) => set("from")(value)}
          />
          <DateField
            label="Au"
            value={values.to}
            onChange={(value) => set("to")(value)}
            error={dateError}
          />
          {withOrganisation && <OrganisationFilter value={values.organisationId} onChange={set("organisationId")} />}
        </SimpleGrid>
        <Group gap="sm">
          <Button type="submit">Filtrer</Button>
          <Button variant="default" onClick={onReset}>
            Réinitialiser les filtres
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const ALL = "__toutes__";

function OrganisationFilter({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [{ data }] = useQuery({ query: OrganisationChoicesQuery });
  const options = [
    { value: ALL, label: "Toutes les organisations" },
    ...(data?.organisations?.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name })),
  ];
  return (
    <Select
      label="Organisation"
      data={options}
      value={value || ALL}
      onChange={(selected) => onChange(!selected || selected === ALL ? "" : selected)}
      searchable
      allowDeselect={false}
      nothingFoundMessage="Aucune organisation"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
