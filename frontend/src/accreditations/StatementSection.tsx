import { Anchor, Group, NumberInput, Select, Stack, Text, Title } from "@mantine/core";
import { useId, useState } from "react";

/** The quarter a date falls in (1 to 4). */
export function quarterOf(date: Date): number {
  return Math.floor(date.getMonth() / 3) + 1;
}

/** The address of the quarterly statement of an organisation (`GET /exports/releve.csv|pdf`). */
export function statementUrl(format: "csv" | "pdf", organisationId: string, year: number, quarter: number): string {
  const query = new URLSearchParams({ organisation: organisationId, annee: String(year), trimestre: String(quarter) });
  return `/exports/releve.${format}?${query.toString()}`;
}

/** « Relevé trimestriel »: the fees billed to the organisation in a quarter, CSV or PDF. */
export function StatementSection({ organisationId }: { organisationId: string }) {
  const headingId = useId();
  const today = new Date();
  const [year, setYear] = useState<number>(today.getFullYear());
  const [quarter, setQuarter] = useState<string>(String(quarterOf(today)));
  return (
    <section aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          Relevé trimestriel des redevances
        </Title>
        <Text size="sm">
          Les évènements facturés par Certif'Pro (évaluations préalables, certificats, candidatures,
          établissements habilités), chacun au montant en vigueur ce jour-là, et le total.
        </Text>
        <Group align="flex-end">
          <NumberInput
            label="Année"
            min={2019}
            max={2100}
            value={year}
            onChange={(value) => typeof value === "number" && setYear(value)}
            w={120}
          />
          <Select
            label="Trimestre"
            data={["1", "2", "3", "4"].map((q) => ({ value: q, label: `T${q}` }))}
            value={quarter}
            onChange={(value) => value && setQuarter(value)}
            allowDeselect={false}
            w={120}
            comboboxProps={{ withinPortal: true }}
          />
          <Anchor href={statementUrl("pdf", organisationId, year, Number(quarter))} download>
            Télécharger le relevé (PDF)
          </Anchor>
          <Anchor href={statementUrl("csv", organisationId, year, Number(quarter))} download>
            Télécharger le relevé (CSV)
          </Anchor>
        </Group>
      </Stack>
    </section>
  );
}
