import { Badge, Group } from "@mantine/core";
import { roleLabel, sortRoles } from "./labels";

/** Roles as French badges, in a fixed order. */
export function RoleBadges({ roles }: { roles: readonly string[] }) {
  if (roles.length === 0) return <span>—</span>;
  return (
    <Group gap={4} component="span">
      {sortRoles(roles).map((role) => (
        <Badge key={role} variant="outline" color="blue.9" tt="none" size="sm" data-role={role}>
          {roleLabel(role)}
        </Badge>
      ))}
    </Group>
  );
}
