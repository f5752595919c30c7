import { Button, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "urql";
import { useOperationErrors } from "../graphql/useOperationErrors";
import { RequestPaperCopyMutation } from "./documents";
import type { CertificateRow } from "./parts";

interface RequestPaperCopyButtonProps {
  certificate: CertificateRow;
  onDone?: () => void;
}

/**
 * « Demander une copie papier » (org admins and advisers): Certif'Pro posts it to the
 * candidate's address as recorded now; refusals (NO_ADDRESS, REVOKED…) are shown below.
 */
export function RequestPaperCopyButton({ certificate, onDone }: RequestPaperCopyButtonProps) {
  const [{ fetching }, request] = useMutation(RequestPaperCopyMutation);
  const handleErrors = useOperationErrors();
  const [failure, setFailure] = useState<string | null>(null);
  if (certificate.status !== "VALID" || certificate.paperRequestedAt) return null;

  async function onRequest() {
    setFailure(null);
    const result = await request({ id: certificate.id });
    const payload = result.data?.requestPaperCopy;
    const message = handleErrors(result.error) ?? (payload?.errors.map((e) => e.message).join(" ") || null);
    if (message) {
      setFailure(message);
      return;
    }
    onDone?.();
  }

  return (
    <Stack gap={4}>
      <Button
        size="xs"
        variant="default"
        loading={fetching}
        onClick={() => void onRequest()}
        aria-label={`Demander une copie papier du certificat ${certificate.number}`}
        style={{ alignSelf: "flex-start" }}
      >
        Demander une copie papier
      </Button>
      {failure && (
        <Text size="xs" c="red.9" role="alert">
          {failure}
        </Text>
      )}
    </Stack>
  );
}
