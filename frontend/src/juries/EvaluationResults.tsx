import { Badge, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useId } from "react";
import { formatDay } from "../components/format";
import { isAcquired, leavesOf, targetTree, valueLabel, type ResultScale } from "../pathway/referentiel";
import type { FlatItem, TreeNode } from "../referentiel/tree";
import classes from "./EvaluationResults.module.css";

export interface JuryEvaluationLike {
  kind: string;
  closedAt?: string | null;
  mastery: unknown;
  results: unknown;
}

const KIND_LABELS: Record<string, string> = {
  initial: "Évaluation préalable",
  final: "Évaluation finale",
};

/** `{ itemCode: value }` from the API's JSON (anything else is ignored). */
export function resultsOf(json: unknown): Record<string, string> {
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  const results: Record<string, string> = {};
  for (const [code, value] of Object.entries(json as Record<string, unknown>)) {
    if (typeof value === "string" || typeof value === "number") results[code] = String(value);
  }
  return results;
}

/** Whether a node (domain) is mastered, from the API's `{ code: { acquired, score } }`. */
export function masteredOf(json: unknown, code: string): boolean | null {
  if (!json || typeof json !== "object") return null;
  const entry = (json as Record<string, unknown>)[code];
  if (!entry || typeof entry !== "object") return null;
  const acquired = (entry as Record<string, unknown>).acquired;
  return typeof acquired === "boolean" ? acquired : null;
}

interface EvaluationResultsProps {
  evaluation: JuryEvaluationLike;
  items: readonly FlatItem[];
  /** The certification's scale (labels, what counts as acquired); null: raw values. */
  scale: ResultScale | null;
}

/** One closed evaluation as the jury reads it: per domain, mastery and every item's result. */
export function EvaluationResults({ evaluation, items, scale }: EvaluationResultsProps) {
  const headingId = useId();
  const results = resultsOf(evaluation.results);
  const domains = targetTree(items, Object.keys(results));
  const label = KIND_LABELS[evaluation.kind] ?? evaluation.kind;
  return (
    <section aria-labelledby={headingId} data-evaluation-kind={evaluation.kind} data-testid="jury-evaluation">
      <Stack gap="xs">
        <Title order={3} size="h4" id={headingId}>
          {label}
        </Title>
        <Text size="sm">
          Close le {formatDay(evaluation.closedAt)} — {Object.keys(results).length} item
          {Object.keys(results).length > 1 ? "s" : ""} évalué{Object.keys(results).length > 1 ? "s" : ""}.
        </Text>
        {domains.map((domain) => (
          <DomainResults
            key={domain.code}
            domain={domain}
            results={results}
            scale={scale}
            mastered={masteredOf(evaluation.mastery, domain.code)}
          />
        ))}
      </Stack>
    </section>
  );
}

interface DomainResultsProps {
  domain: TreeNode;
  results: Record<string, string>;
  scale: ResultScale | null;
  mastered: boolean | null;
}

function DomainResults({ domain, results, scale, mastered }: DomainResultsProps) {
  const leaves = leavesOf(domain).filter((leaf) => results[leaf.code] !== undefined);
  const acquired = scale
    ? leaves.filter((leaf) => isAcquired(scale, results[leaf.code] ?? "") === true).length
    : null;
  return (
    <details className={classes.domain} data-domain={domain.code}>
      <summary className={classes.summary}>
        <Group gap="xs" component="span" wrap="wrap">
          <Text span fw={600} size="sm">
            {domain.code} {domain.title}
          </Text>{" "}
          <Text span size="sm">
            — {acquired === null ? `${leaves.length} items` : `${acquired}/${leaves.length} items acquis`}
          </Text>{" "}
          {mastered !== null && (
            <Badge color={mastered ? "#1e6b30" : "red.9"} variant="filled" tt="none" component="span">
              {mastered ? "Domaine acquis" : "Domaine non acquis"}
            </Badge>
          )}
        </Group>
      </summary>
      <Table withTableBorder striped mt="xs" aria-label={`Résultats — ${domain.code} ${domain.title}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Item</Table.Th>
            <Table.Th scope="col">Résultat</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {leaves.map((leaf) => (
            <Table.Tr key={leaf.code} data-item={leaf.code} data-value={results[leaf.code]}>
              <Table.Td>
                {leaf.code} {leaf.title}
              </Table.Td>
              <Table.Td>{scale ? valueLabel(scale, results[leaf.code] ?? "") : results[leaf.code]}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </details>
  );
}
