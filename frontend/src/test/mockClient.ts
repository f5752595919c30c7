import { CombinedError, type Client, type OperationResult } from "urql";
import { concat, fromValue, never } from "wonka";
import { vi } from "vitest";

type Responder = (variables: Record<string, unknown>) => Partial<OperationResult> | "pending";

/**
 * Minimal urql client for page tests: `respond` returns `{ data }`,
 * `{ error }` or "pending" (never resolves) for each query.
 */
export function mockClient(respond: Responder) {
  const executeQuery = vi.fn((operation: { variables?: Record<string, unknown> }) => {
    const response = respond(operation.variables ?? {});
    if (response === "pending") return never;
    // Like a real client, keep the source open after the result: urql's
    // useQuery clears `error` when a source ends.
    return concat([
      fromValue({ stale: false, hasNext: false, ...response } as OperationResult),
      never,
    ]);
  });
  return {
    client: {
      executeQuery,
      executeMutation: () => never,
      executeSubscription: () => never,
    } as unknown as Client,
    executeQuery,
  };
}

export function networkError(): CombinedError {
  return new CombinedError({ networkError: new Error("Failed to fetch") });
}
