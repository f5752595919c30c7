import { Badge } from "@mantine/core";
import type { AccreditationStatus, ApplicationStatus } from "../gql/graphql";
import { accreditationColor, APPLICATION_STATUS_COLORS, APPLICATION_STATUS_LABELS, capitalize } from "./labels";

/** Application status as a filled badge (`data-status` = the API value). */
export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  return (
    <Badge
      variant="filled"
      color={APPLICATION_STATUS_COLORS[status] ?? "gray.8"}
      tt="none"
      data-status={status}
      data-testid="application-status"
    >
      {APPLICATION_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

/** Accreditation status label from the API ("valide", "suspendue"…), capitalised. */
export function AccreditationStatusBadge({
  status,
  statusLabel,
  isValid,
}: {
  status: AccreditationStatus;
  statusLabel: string;
  isValid: boolean;
}) {
  return (
    <Badge
      variant="filled"
      color={accreditationColor(status, isValid)}
      tt="none"
      data-status={status}
      data-valid={isValid ? "true" : "false"}
      data-testid="accreditation-status"
    >
      {capitalize(statusLabel)}
    </Badge>
  );
}
