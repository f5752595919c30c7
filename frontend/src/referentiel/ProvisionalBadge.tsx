import { Badge } from "@mantine/core";

export const PROVISIONAL_ITEM_HINT =
  "Intitulé non confirmé par une source officielle";

interface ProvisionalBadgeProps {
  /** Visible text; lower-case inside the tree, capitalised on cards. */
  label?: string;
  /** Explanation shown as a tooltip (HTML `title`). */
  hint?: string;
}

/** "provisoire" badge; `warning.9` on white has a contrast ratio above 6:1. */
export function ProvisionalBadge({
  label = "provisoire",
  hint = PROVISIONAL_ITEM_HINT,
}: ProvisionalBadgeProps) {
  return (
    <Badge
      variant="outline"
      color="warning.9"
      tt="none"
      size="sm"
      radius="sm"
      title={hint}
      data-provisional="true"
    >
      {label}
    </Badge>
  );
}
