import { Button, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import type { AccreditationScope } from "../gql/graphql";
import { REGIONS } from "../organisation/regions";
import { SCOPE_LABELS } from "./labels";

export interface DirectoryFilterValues {
  certificationCode: string;
  region: string;
  departement: string;
  postalCode: string;
  /** "", EVALUATION, TRAINING or BOTH: what the sites are accredited for. */
  scope: string;
}

export const NO_FILTERS: DirectoryFilterValues = {
  certificationCode: "",
  region: "",
  departement: "",
  postalCode: "",
  scope: "",
};

/** URL search parameters of the directory (shareable links). */
export const FILTER_PARAMS: Record<keyof DirectoryFilterValues, string> = {
  certificationCode: "certification",
  region: "region",
  departement: "departement",
  postalCode: "codePostal",
  scope: "habilitation",
};

export function filtersFromParams(params: URLSearchParams): DirectoryFilterValues {
  return {
    certificationCode: params.get(FILTER_PARAMS.certificationCode) ?? "",
    region: params.get(FILTER_PARAMS.region) ?? "",
    departement: params.get(FILTER_PARAMS.departement) ?? "",
    postalCode: params.get(FILTER_PARAMS.postalCode) ?? "",
    scope: params.get(FILTER_PARAMS.scope) ?? "",
  };
}

export function paramsFromFilters(filters: DirectoryFilterValues): Record<string, string> {
  const params: Record<string, string> = {};
  for (const key of Object.keys(FILTER_PARAMS) as (keyof DirectoryFilterValues)[]) {
    const value = filters[key].trim();
    if (value) params[FILTER_PARAMS[key]] = value;
  }
  return params;
}

export function departementProblem(value: string): string | null {
  const code = value.trim();
  if (code === "" || /^(\d{2,3}|2[ABab])$/.test(code)) return null;
  return "Indiquez un numéro de département (ex. 69, 2A, 974).";
}

export function postalCodeProblem(value: string): string | null {
  const code = value.trim();
  if (code === "" || /^\d{1,5}$/.test(code)) return null;
  return "Indiquez tout ou partie d’un code postal (chiffres, ex. 69003 ou 690).";
}

/**
 * The API variables of the filters; null for empty ones and for values the
 * API would not understand (they are flagged on their field instead).
 */
export function directoryVariables(filters: DirectoryFilterValues) {
  const departement = filters.departement.trim().toUpperCase();
  const postalCode = filters.postalCode.trim();
  return {
    certificationCode: filters.certificationCode || null,
    region: filters.region || null,
    departement: departement && !departementProblem(departement) ? departement : null,
    postalCode: postalCode && !postalCodeProblem(postalCode) ? postalCode : null,
    scope: filters.scope in SCOPE_LABELS ? (filters.scope as AccreditationScope) : null,
  };
}

const ALL = "__toutes__";

interface DirectoryFiltersProps {
  value: DirectoryFilterValues;
  onChange: (value: DirectoryFilterValues) => void;
  certifications: { value: string; label: string }[];
}

/** "Trouver un organisme évaluateur" filters: certification, région, département, code postal. */
export function DirectoryFilters({ value, onChange, certifications }: DirectoryFiltersProps) {
  const set = (patch: Partial<DirectoryFilterValues>) => onChange({ ...value, ...patch });
  const empty = Object.values(value).every((v) => v.trim() === "");
  return (
    <Stack gap="sm" role="search" aria-label="Filtres de l’annuaire" component="form" onSubmit={(e) => e.preventDefault()}>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }} spacing="sm">
        <Select
          label="Habilité pour"
          data={[
            { value: ALL, label: "L’évaluation ou la formation" },
            { value: "EVALUATION", label: "L’évaluation" },
            { value: "TRAINING", label: "La formation" },
            { value: "BOTH", label: "L’évaluation et la formation" },
          ]}
          value={value.scope || ALL}
          onChange={(scope) => set({ scope: !scope || scope === ALL ? "" : scope })}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Certification"
          data={[{ value: ALL, label: "Toutes les certifications" }, ...certifications]}
          value={value.certificationCode || ALL}
          onChange={(code) => set({ certificationCode: !code || code === ALL ? "" : code })}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Région"
          data={[{ value: ALL, label: "Toutes les régions" }, ...REGIONS.map((r) => ({ value: r, label: r }))]}
          value={value.region || ALL}
          onChange={(region) => set({ region: !region || region === ALL ? "" : region })}
          allowDeselect={false}
          searchable
          nothingFoundMessage="Aucune région"
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput
          label="Département"
          description="Numéro, ex. 69, 2A, 974"
          value={value.departement}
          onChange={(event) => set({ departement: event.currentTarget.value })}
          error={departementProblem(value.departement)}
          maxLength={3}
          autoComplete="off"
        />
        <TextInput
          label="Code postal"
          description="Tout ou début, ex. 69003 ou 690"
          inputMode="numeric"
          value={value.postalCode}
          onChange={(event) => set({ postalCode: event.currentTarget.value })}
          error={postalCodeProblem(value.postalCode)}
          maxLength={5}
          autoComplete="postal-code"
        />
      </SimpleGrid>
      {!empty && (
        <Button variant="default" onClick={() => onChange(NO_FILTERS)} style={{ alignSelf: "flex-start" }}>
          Effacer les filtres
        </Button>
      )}
    </Stack>
  );
}
