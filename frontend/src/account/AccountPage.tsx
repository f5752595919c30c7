import { Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useViewer } from "../auth/session";
import { pageTitle } from "../branding";
import { ChangePasswordForm } from "./ChangePasswordForm";
import { SessionsSection } from "./SessionsSection";

/** `/compte`: password change and browser sessions. */
export function AccountPage() {
  useDocumentTitle(pageTitle("Mon compte"));
  const { viewer } = useViewer();
  return (
    <Stack gap="xl">
      <div>
        <Title order={1}>Mon compte</Title>
        {viewer?.user && (
          <Text mt={4}>
            {viewer.user.fullName} · {viewer.user.email}
          </Text>
        )}
      </div>
      <ChangePasswordForm />
      <SessionsSection />
    </Stack>
  );
}
