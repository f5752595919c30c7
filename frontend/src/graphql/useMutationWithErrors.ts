import { useState } from "react";
import { useMutation, type AnyVariables, type DocumentInput } from "urql";
import { splitErrors, type PayloadError } from "./errors";
import { useOperationErrors } from "./useOperationErrors";

/** A mutation payload: whatever it carries, plus its typed errors. */
export interface Payload {
  errors: readonly PayloadError[];
}

export type MutationOutcome<P, F extends string> =
  | { ok: true; payload: P }
  | {
      ok: false;
      /** The payload when the server answered one (refused), null otherwise. */
      payload: P | null;
      /** First message per known form field. */
      byField: Partial<Record<F, string>>;
      /** What the form shows above its fields (top-level error or payload messages). */
      general: string[];
    };

/** Null when the mutation went through, else its French explanation (null if it has none). */
export function refusalOf(outcome: MutationOutcome<unknown, string>): string | null {
  return outcome.ok ? null : outcome.general.join(" ") || null;
}

export interface MutationWithErrorsOptions<P, F extends string> {
  /** The form's fields: a payload error naming one goes to that field, any other to `general`. */
  fields?: readonly F[];
  /** The API's name of a field the form calls otherwise: `{ heldOn: "interviewOn" }`. */
  fieldNames?: Readonly<Record<string, F>>;
  /** Receives the field errors of each refused answer (e.g. a form's `setErrors`). */
  onFieldErrors?: (byField: Partial<Record<F, string>>) => void;
  /** Whether a payload without errors is a success (default: yes), e.g. `(p) => p.ok`. */
  succeeded?: (payload: P) => boolean;
  /**
   * Errors the screen shows its own way (a stale revision banner, a duplicate to
   * confirm): they go neither to a field nor to `general`; read them in `outcome.payload`.
   */
  handled?: (error: PayloadError) => boolean;
}

/**
 * Runs a mutation the way every form does, in one place:
 *
 * - a top-level error goes through `useOperationErrors` (session expired → login page,
 *   FORBIDDEN → "Accès refusé", anything else described in French) into `general`;
 * - a payload without `errors` is a success (`{ ok: true, payload }`);
 * - a payload's errors are split between the form's `fields` (`onFieldErrors`) and the
 *   `general` messages shown by `<FormAlert messages={general} />`.
 *
 * `payloadOf` picks the payload out of the mutation's data (`(data) => data.inviteMember`).
 *
 * @example
 *   const invite = useMutationWithErrors(InviteMemberMutation, (d) => d.inviteMember, {
 *     fields: ["email", "roles"], onFieldErrors: form.setErrors,
 *   });
 *   const outcome = await invite.run({ input: { email, roles } });
 *   if (outcome.ok) …;   // and <FormAlert messages={invite.general} />
 */
export function useMutationWithErrors<
  Data,
  Variables extends AnyVariables,
  P extends Payload,
  F extends string = never,
>(
  document: DocumentInput<Data, Variables>,
  payloadOf: (data: Data) => P | null | undefined,
  options: MutationWithErrorsOptions<P, F> = {},
) {
  const { fields, fieldNames, onFieldErrors, succeeded, handled } = options;
  const [{ fetching }, execute] = useMutation<Data, Variables>(document);
  const handleErrors = useOperationErrors();
  const [general, setGeneral] = useState<string[]>([]);

  // A new function each render: it reads the latest `payloadOf` and options.
  async function run(variables: Variables): Promise<MutationOutcome<P, F>> {
    setGeneral([]);
    const result = await execute(variables);
    const topLevel = handleErrors(result.error);
    if (topLevel) {
      setGeneral([topLevel]);
      return { ok: false, payload: null, byField: {}, general: [topLevel] };
    }
    const payload = result.data ? (payloadOf(result.data) ?? null) : null;
    if (payload && payload.errors.length === 0 && (succeeded?.(payload) ?? true)) {
      return { ok: true, payload };
    }
    const shown = handled ? payload?.errors.filter((error) => !handled(error)) : payload?.errors;
    const named = fieldNames
      ? shown?.map((error) => ({ ...error, field: (error.field && fieldNames[error.field]) || error.field }))
      : shown;
    const split = splitErrors(named, fields ?? []);
    onFieldErrors?.(split.byField);
    setGeneral(split.general);
    return { ok: false, payload, byField: split.byField, general: split.general };
  }

  return { run, fetching, general, setGeneral };
}
