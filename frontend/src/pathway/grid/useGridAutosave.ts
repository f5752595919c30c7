import { useCallback } from "react";
import { useMutation, type OperationResult } from "urql";
import { useAutosave } from "../../autosave/useAutosave";
import type { SaveEvaluationResultsMutation as SaveResult } from "../../gql/graphql";
import { useOperationErrors } from "../../graphql/useOperationErrors";
import { SaveEvaluationResultsMutation } from "./documents";
import { GridAutosave, type Entries, type SaveRequest, type SaveResponse } from "./autosave";

/** sessionStorage, or null when the browser refuses it (private mode, tests). */
function sessionStore(): Storage | null {
  try {
    return typeof window !== "undefined" ? window.sessionStorage : null;
  } catch {
    return null;
  }
}

export function entriesOf(results: readonly { itemCode: string; value: string; comment: string }[]): Entries {
  const entries: Record<string, { value: string; comment: string }> = {};
  for (const result of results) entries[result.itemCode] = { value: result.value, comment: result.comment };
  return entries;
}

interface UseGridAutosaveOptions {
  evaluationId: string;
  revision: number;
  results: readonly { itemCode: string; value: string; comment: string }[];
  /** Read-only grids never send anything (and do not restore unsent edits). */
  enabled: boolean;
}

/**
 * One autosave store per mounted grid (see `autosave.ts`): saves go through
 * `saveEvaluationResults`; unsent edits survive a reload of the tab (they also
 * stay in sessionStorage, and leaving the tab with some asks first).
 */
export function useGridAutosave({ evaluationId, revision, results, enabled }: UseGridAutosaveOptions) {
  const [, save] = useMutation(SaveEvaluationResultsMutation);
  const handleErrors = useOperationErrors();

  const send = useCallback(
    async (request: SaveRequest): Promise<SaveResponse> => {
      const result: OperationResult<SaveResult> = await save({ evaluationId, ...request });
      if (result.error) {
        if (result.error.networkError) return { kind: "network" };
        return { kind: "failed", message: handleErrors(result.error) ?? "Erreur inattendue." };
      }
      const payload = result.data?.saveEvaluationResults;
      if (!payload) return { kind: "network" };
      if (payload.errors.length > 0) {
        const stale = payload.errors.find((error) => error.code === "STALE_REVISION");
        if (stale) return { kind: "conflict", items: stale.items, message: stale.message };
        return {
          kind: "rejected",
          items: payload.errors.flatMap((error) => error.items),
          message: payload.errors.map((error) => error.message).join(" "),
        };
      }
      return { kind: "saved", revision: payload.revision ?? request.revision + 1 };
    },
    [save, handleErrors, evaluationId],
  );

  return useAutosave({
    send,
    offline: { kind: "network" } as SaveResponse,
    enabled,
    create: (send) =>
      new GridAutosave({
        evaluationId,
        revision,
        results: entriesOf(results),
        storage: enabled ? sessionStore() : null,
        send,
      }),
    unsaved: (snapshot) => Object.keys(snapshot.pending).length > 0,
  });
}
