import { Button, Stack, Text } from "@mantine/core";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
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
  const request = useMutationWithErrors(RequestPaperCopyMutation, (data) => data.requestPaperCopy);
  if (certificate.status !== "VALID" || certificate.paperRequestedAt) return null;
  const failure = request.general.join(" ");

  async function onRequest() {
    const outcome = await request.run({ id: certificate.id });
    // Done unless refused with a message (an answer without payload counts as done).
    if (outcome.ok || outcome.general.length === 0) onDone?.();
  }

  return (
    <Stack gap={4}>
      <Button
        size="xs"
        variant="default"
        loading={request.fetching}
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
