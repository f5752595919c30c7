import { Badge } from "@mantine/core";
import type { DossierStatus } from "../gql/graphql";
import { capitalize, STATUS_COLORS, STATUS_LABELS } from "./labels";

/** Dossier status as a filled badge (`data-status` = the API value). */
export function StatusBadge({ status, size = "md" }: { status: DossierStatus; size?: "sm" | "md" | "lg" }) {
  return (
    <Badge
      variant="filled"
      color={STATUS_COLORS[status] ?? "gray.8"}
      tt="none"
      size={size}
      data-status={status}
      data-testid="dossier-status"
    >
      {capitalize(STATUS_LABELS[status] ?? status)}
    </Badge>
  );
}
