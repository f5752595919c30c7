import { BarChart } from "@mantine/charts";
import { SimpleGrid, Table, Text } from "@mantine/core";
import { formatCount } from "./figures";

interface Row {
  label: string;
  value: number;
}

/**
 * A bar chart and, beside it, the same figures as a table: the chart is hidden from
 * assistive technologies, the table (with its caption) is what they read.
 */
export function ChartWithTable({
  caption,
  rows,
  labelHeader,
  valueLabel,
  testId,
}: {
  caption: string;
  rows: Row[];
  labelHeader: string;
  valueLabel: string;
  testId: string;
}) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg" data-testid={testId}>
      <div aria-hidden="true">
        <BarChart
          h={Math.max(160, rows.length * 32)}
          data={rows.map((row) => ({ label: row.label, value: row.value }))}
          dataKey="label"
          orientation="vertical"
          yAxisProps={{ width: 190 }}
          series={[{ name: "value", label: valueLabel, color: "blue.6" }]}
          valueFormatter={formatCount}
          withTooltip={false}
          barChartProps={{ accessibilityLayer: false }}
        />
      </div>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>
          <Text component="span" fw={600}>
            {caption}
          </Text>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{labelHeader}</Table.Th>
            <Table.Th scope="col" ta="right">
              {valueLabel}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.label} data-label={row.label}>
              <Table.Th scope="row" fw={400}>
                {row.label}
              </Table.Th>
              <Table.Td ta="right" data-value={row.value}>
                {formatCount(row.value)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </SimpleGrid>
  );
}
