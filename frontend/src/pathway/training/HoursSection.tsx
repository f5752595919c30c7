import { NumberInput, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { formatHours } from "../../components/format";
import type { FlatItem } from "../../referentiel/tree";
import { sum } from "./planDraft";

interface HoursSectionProps {
  /** The domains the plan trains in (holding an objective): only they get hours. */
  domains: readonly FlatItem[];
  hours: Record<string, number | "">;
  error?: string;
  onChange: (hours: Record<string, number | "">) => void;
}

/** Planned hours per domain the candidate trains in, and their total. */
export function HoursSection({ domains, hours, error, onChange }: HoursSectionProps) {
  const total = sum(domains.map((domain) => hours[domain.code]).map((h) => (typeof h === "number" ? h : 0)));
  return (
    <section aria-labelledby="heures-titre">
      <Stack gap="sm">
        <Title order={2} size="h3" id="heures-titre">
          Heures prévues par domaine
        </Title>
        {error && (
          <Text c="red.9" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Text size="sm">
          {domains.length === 0
            ? "Ajoutez un objectif pédagogique : les heures se prévoient pour les domaines où le candidat se forme."
            : "Seuls les domaines visés par un objectif pédagogique reçoivent des heures."}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {domains.map((domain) => (
            <NumberInput
              key={domain.code}
              label={`Heures — ${domain.code} ${domain.title}`}
              min={0}
              max={2000}
              step={1}
              decimalScale={2}
              decimalSeparator=","
              allowNegative={false}
              value={hours[domain.code] ?? ""}
              onChange={(value) =>
                onChange({
                  ...hours,
                  [domain.code]: typeof value === "number" ? value : value === "" ? "" : Number(value),
                })
              }
            />
          ))}
        </SimpleGrid>
        <Text fw={600} data-testid="planned-hours">
          Total prévu : {formatHours(total)}
        </Text>
      </Stack>
    </section>
  );
}
