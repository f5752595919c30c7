import { Center, Loader, Skeleton, Stack, VisuallyHidden } from "@mantine/core";

interface LoadingStateProps {
  /** Announced to assistive technologies, e.g. "Chargement des certifications…". */
  label: string;
  /** Number of skeleton blocks to show under the spinner. */
  skeletons?: number;
}

/** Spinner + skeleton placeholders, announced as a polite status. */
export function LoadingState({ label, skeletons = 0 }: LoadingStateProps) {
  return (
    <div role="status" aria-live="polite" data-testid="loading">
      <VisuallyHidden>{label}</VisuallyHidden>
      <Center py="md" aria-hidden="true">
        <Loader size="md" />
      </Center>
      {skeletons > 0 && (
        <Stack gap="sm" aria-hidden="true">
          {Array.from({ length: skeletons }, (_, index) => (
            <Skeleton key={index} height={72} radius="md" />
          ))}
        </Stack>
      )}
    </div>
  );
}
