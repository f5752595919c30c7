import type { CombinedError } from "urql";

/** Top-level error codes the API puts in `extensions.code`. */
export type TopLevelErrorCode = "UNAUTHENTICATED" | "FORBIDDEN";

/** `extensions.code` of the first top-level GraphQL error that has one. */
export function topLevelErrorCode(error: CombinedError | undefined | null): string | null {
  if (!error) return null;
  for (const graphqlError of error.graphQLErrors) {
    const code = graphqlError.extensions?.code;
    if (typeof code === "string") return code;
  }
  return null;
}

export function isUnauthenticated(error: CombinedError | undefined | null): boolean {
  return topLevelErrorCode(error) === "UNAUTHENTICATED";
}

export function isForbidden(error: CombinedError | undefined | null): boolean {
  return topLevelErrorCode(error) === "FORBIDDEN";
}

/** Error entry of a mutation payload: `{ code, field, message }` (message in French). */
export interface PayloadError {
  code: string;
  field?: string | null;
  message: string;
}

export interface SplitErrors<F extends string> {
  /** First message for each known form field. */
  byField: Partial<Record<F, string>>;
  /** Messages not attached to a known field (shown above the form). */
  general: string[];
}

/**
 * Dispatches payload errors to form fields (by their camelCase `field`) or to
 * the general list when the field is null or unknown to the form.
 */
export function splitErrors<F extends string>(
  errors: readonly PayloadError[] | null | undefined,
  fields: readonly F[],
): SplitErrors<F> {
  const byField: Partial<Record<F, string>> = {};
  const general: string[] = [];
  for (const error of errors ?? []) {
    const field = error.field as F | null | undefined;
    if (field && fields.includes(field)) {
      if (!byField[field]) byField[field] = error.message;
    } else {
      general.push(error.message);
    }
  }
  return { byField, general };
}
