import { Paper, Stack, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** Narrow centred card used by the public authentication pages. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="xl" maw={460} mx="auto" mt="lg" component="section" aria-labelledby="auth-card-title">
      <Stack gap="md">
        <Title order={1} size="h2" id="auth-card-title">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}
