import { Alert, Badge, Group, Text } from "@mantine/core";
import type { Side } from "../gql/graphql";

interface AttendeeLike {
  side: Side;
  present: boolean;
}

export interface PresentCounts {
  employers: number;
  employees: number;
}

/** Members present on each side. */
export function presentCounts(attendees: readonly AttendeeLike[]): PresentCounts {
  let employers = 0;
  let employees = 0;
  for (const attendee of attendees) {
    if (!attendee.present) continue;
    if (attendee.side === "EMPLOYER") employers += 1;
    else employees += 1;
  }
  return { employers, employees };
}

/** The API's rule: at least one of each side present, and as many of one as of the other. */
export function isParitaire({ employers, employees }: PresentCounts): boolean {
  return employers > 0 && employees > 0 && employers === employees;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count > 1 ? many : one}`;
}

interface ParityIndicatorProps {
  attendees: readonly AttendeeLike[];
  /** `JurySession.parityProblem` from the API (null: paritaire); the API has the last word. */
  parityProblem: string | null | undefined;
}

/**
 * Live parity of a session: counts of members present on each side, and whether the
 * session may open, decide and close (announced politely when it changes).
 */
export function ParityIndicator({ attendees, parityProblem }: ParityIndicatorProps) {
  const counts = presentCounts(attendees);
  const paritaire = !parityProblem && isParitaire(counts);
  const summary = `Présents : ${plural(counts.employers, "représentant", "représentants")} des employeurs, ${plural(
    counts.employees,
    "représentant",
    "représentants",
  )} des salariés.`;
  return (
    <Alert
      color={paritaire ? "green" : "warning"}
      variant="light"
      role="status"
      aria-live="polite"
      data-testid="parity"
      data-paritaire={paritaire ? "true" : "false"}
      title={
        <Group gap="xs">
          <Badge color={paritaire ? "#1e6b30" : "warning.9"} variant="filled" tt="none">
            {paritaire ? "Paritaire" : "Non paritaire"}
          </Badge>
          <span>{paritaire ? "Le jury est paritaire." : "Le jury n’est pas paritaire."}</span>
        </Group>
      }
    >
      <Text size="sm">{summary}</Text>
      {!paritaire && (
        <Text size="sm" mt={4}>
          {parityProblem ??
            "Il faut autant de représentants des employeurs que des salariés présents, au moins un de chaque côté."}
        </Text>
      )}
    </Alert>
  );
}
