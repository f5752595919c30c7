import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from "@mantine/core";

interface ApiKeySecretModalProps {
  /** The secret returned by `createApiKey`; null closes the modal (and forgets it). */
  secret: string | null;
  keyName: string;
  onClose: () => void;
}

/** Shows a new API key's secret once, with a copy button. */
export function ApiKeySecretModal({ secret, keyName, onClose }: ApiKeySecretModalProps) {
  return (
    <Modal
      opened={secret !== null}
      onClose={onClose}
      title={`Clé d'API « ${keyName} » créée`}
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      <Stack gap="md">
        <Alert color="warning" variant="light" title="Cette clé ne sera plus affichée" role="alert">
          <Text size="sm">
            Cette clé ne sera plus affichée : copiez-la maintenant et conservez-la dans un coffre de
            secrets. En cas de perte, révoquez-la et créez-en une nouvelle.
          </Text>
        </Alert>
        <div>
          <Text size="sm" fw={600} id="api-key-secret-label">
            Clé secrète
          </Text>
          <Code
            block
            aria-labelledby="api-key-secret-label"
            data-testid="api-key-secret"
            style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}
          >
            {secret}
          </Code>
        </div>
        <Group justify="space-between">
          <CopyButton value={secret ?? ""} timeout={3000}>
            {({ copied, copy }) => (
              <Button variant={copied ? "filled" : "default"} color={copied ? "teal.9" : undefined} onClick={copy}>
                {copied ? "Clé copiée" : "Copier la clé"}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>J’ai copié la clé</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
