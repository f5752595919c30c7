import { BarChart } from "@mantine/charts";
import { Stack, Text, Title } from "@mantine/core";
import type { StatisticsFunnelFieldsFragment } from "../gql/graphql";
import { formatCount, funnelSteps } from "./figures";

/**
 * Bar colours: each at least 3:1 against the white background (WCAG 1.4.11, non-text
 * contrast) and told apart by the legend's names, not by colour alone.
 */
export const CHART_COLOURS = ["blue.8", "orange.9", "teal.9", "grape.8", "gray.8"] as const;

/** What a masked cell is called, in charts as in tables. */
export const MASKED = "masqué";

export interface ChartSeries {
  /** Key of the value in each data row. */
  name: string;
  /** French name, in the legend. */
  label: string;
}

/** One row of a chart: its category, then one value per series (null: masked, not drawn). */
export type ChartRow = Record<string, string | number | null>;

/**
 * A bar chart with a French title and a text alternative: the chart is an image named by
 * its title and described by the summary printed under it; the same figures follow in a
 * table (the caller's). Masked cells are null: no bar at all (never a bar at 0), and the
 * category says « masqué ».
 */
export function StatisticsChart({
  id,
  title,
  summary,
  data,
  dataKey,
  series,
  orientation = "vertical",
}: {
  id: string;
  title: string;
  summary: string;
  data: ChartRow[];
  dataKey: string;
  series: ChartSeries[];
  orientation?: "vertical" | "horizontal";
}) {
  const titleId = `${id}-graphique-titre`;
  const summaryId = `${id}-graphique-resume`;
  const height =
    orientation === "vertical" ? Math.max(180, data.length * Math.max(28, series.length * 16) + 60) : 300;
  return (
    <Stack gap="xs" data-testid={`${id}-graphique`}>
      <Title order={3} size="h4" id={titleId}>
        {title}
      </Title>
      <Text id={summaryId} size="sm">
        {summary}
      </Text>
      <div
        role="img"
        aria-labelledby={titleId}
        aria-describedby={summaryId}
        data-series={series.map((s) => s.label).join(" | ")}
      >
        <BarChart
          h={height}
          data={data}
          dataKey={dataKey}
          orientation={orientation}
          yAxisProps={orientation === "vertical" ? { width: 210 } : undefined}
          series={series.map((s, index) => ({
            name: s.name,
            label: s.label,
            color: CHART_COLOURS[index % CHART_COLOURS.length] ?? "blue.8",
          }))}
          withLegend
          legendProps={{ verticalAlign: "top" }}
          valueFormatter={formatCount}
          textColor="gray.8"
          gridColor="gray.4"
          withTooltip={false}
          barChartProps={{ accessibilityLayer: false }}
        />
      </div>
    </Stack>
  );
}

/** The funnel as chart rows: one per step, one value per certification. */
export function funnelChart(funnel: StatisticsFunnelFieldsFragment[]): {
  data: ChartRow[];
  series: ChartSeries[];
  summary: string;
} {
  const codes = funnel.map((row) => row.certificationCode ?? "Total");
  const steps = funnel.map((row) => funnelSteps(row));
  const data = (steps[0] ?? []).map((step, index) => {
    const row: ChartRow = { etape: step.step };
    codes.forEach((code, column) => {
      row[code] = steps[column]?.[index]?.dossiers ?? 0;
    });
    return row;
  });
  const summary =
    funnel.length === 0
      ? "Aucun dossier ouvert sur la période."
      : funnel
          .map(
            (row) =>
              `${row.certificationCode ?? "Total"} : ${formatCount(row.opened)} dossiers ouverts, ` +
              `${formatCount(row.initialCompleted)} évaluations préalables, ` +
              `${formatCount(row.submitted)} présentés au jury, ${formatCount(row.certified)} certifiés.`,
          )
          .join(" ");
  return { data, series: codes.map((code) => ({ name: code, label: code })), summary };
}

interface BreakdownLike {
  title: string;
  rows: { key?: string | null; label: string; opened?: number | null; certified?: number | null }[];
}

/** A breakdown as chart rows: opened and certified per category, masked cells null. */
export function breakdownChart(breakdown: BreakdownLike): {
  data: ChartRow[];
  series: ChartSeries[];
  summary: string;
} {
  const data = breakdown.rows.map((row) => ({
    categorie:
      row.opened == null
        ? `${row.label} (${MASKED})`
        : row.certified == null
          ? `${row.label} (certifiés : ${MASKED})`
          : row.label,
    ouverts: row.opened ?? null,
    certifies: row.certified ?? null,
  }));
  const shown = breakdown.rows
    .filter((row) => row.opened != null)
    .map(
      (row) =>
        `${row.label} ${formatCount(row.opened ?? 0)} ouverts dont ` +
        (row.certified == null ? `certifiés ${MASKED}` : `${formatCount(row.certified)} certifiés`),
    );
  const hidden = breakdown.rows.filter((row) => row.opened == null).map((row) => row.label);
  const summary =
    breakdown.rows.length === 0
      ? "Aucun dossier ouvert sur la période."
      : `Par catégorie : ${shown.length ? shown.join(", ") : "aucune catégorie affichable"}.` +
        (hidden.length ? ` Masqués (moins de 5 personnes ou déductibles) : ${hidden.join(", ")}.` : "");
  return {
    data,
    series: [
      { name: "ouverts", label: "Dossiers ouverts" },
      { name: "certifies", label: "Certifiés" },
    ],
    summary,
  };
}

const MONTH = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" });

/** « mars 2026 » from « 2026-03 ». */
export function monthLabel(month: string): string {
  const [year = 0, number = 1] = month.split("-").map(Number);
  return MONTH.format(new Date(Date.UTC(year, number - 1, 1)));
}

export interface ActivityLike {
  organisationName: string;
  month: string;
  certificationCode: string;
  initialEvaluations: number;
  certificates: number;
  feesCents: number;
  applicationsSubmitted: number;
  applicationsAccepted: number;
  applicationsRefused: number;
  activeSites: number;
}

export interface MonthActivity {
  month: string;
  initialEvaluations: number;
  certificates: number;
  feesCents: number;
  applicationsSubmitted: number;
  applicationsAccepted: number;
  applicationsRefused: number;
}

/** The activity summed per month (every organisation and certification), in month order. */
export function activityByMonth(rows: ActivityLike[]): MonthActivity[] {
  const months = new Map<string, MonthActivity>();
  for (const row of rows) {
    const total = months.get(row.month) ?? {
      month: row.month,
      initialEvaluations: 0,
      certificates: 0,
      feesCents: 0,
      applicationsSubmitted: 0,
      applicationsAccepted: 0,
      applicationsRefused: 0,
    };
    total.initialEvaluations += row.initialEvaluations;
    total.certificates += row.certificates;
    total.feesCents += row.feesCents;
    total.applicationsSubmitted += row.applicationsSubmitted;
    total.applicationsAccepted += row.applicationsAccepted;
    total.applicationsRefused += row.applicationsRefused;
    months.set(row.month, total);
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/** The activity chart: évaluations préalables, certificates and applications per month. */
export function activityChart(months: MonthActivity[]): {
  data: ChartRow[];
  series: ChartSeries[];
  summary: string;
} {
  const sum = (pick: (m: MonthActivity) => number) => months.reduce((n, m) => n + pick(m), 0);
  const summary =
    months.length === 0
      ? "Aucune activité sur la période."
      : `Sur ${formatCount(months.length)} mois : ${formatCount(sum((m) => m.initialEvaluations))} évaluations ` +
        `préalables, ${formatCount(sum((m) => m.certificates))} certificats, ` +
        `${formatCount(sum((m) => m.applicationsSubmitted))} candidatures à l’habilitation déposées.`;
  return {
    data: months.map((m) => ({
      mois: monthLabel(m.month),
      prealables: m.initialEvaluations,
      certificats: m.certificates,
      candidatures: m.applicationsSubmitted,
    })),
    series: [
      { name: "prealables", label: "Évaluations préalables" },
      { name: "certificats", label: "Certificats" },
      { name: "candidatures", label: "Candidatures déposées" },
    ],
    summary,
  };
}
