import { useCallback, useRef, useState, type ChangeEvent } from "react";
import { dayError } from "../components/dates";

type Validator<T> = (value: T[keyof T], values: T) => string | null;
export type Validators<T> = { [K in keyof T]?: (value: T[K], values: T) => string | null };
export type FieldErrors<T> = Partial<Record<keyof T, string>>;

/**
 * Tiny controlled-form helper (no extra dependency): values, per-field errors
 * (client validation or server `field` errors) and input bindings.
 */
export function useForm<T extends object>(initial: T, validators: Validators<T> = {}) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FieldErrors<T>>({});

  const setValue = useCallback(<K extends keyof T>(name: K, value: T[K]) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => (current[name] ? { ...current, [name]: undefined } : current));
  }, []);

  /** Props for Mantine text-like inputs bound to a string field. */
  const textField = <K extends keyof T>(name: K) => ({
    name: String(name),
    value: values[name] as unknown as string,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setValue(name, event.currentTarget.value as T[K]),
    error: errors[name],
  });

  const dateFields = useRef(new Set<keyof T>());

  /** Props for `<DateField>` bound to a day field (ISO `YYYY-MM-DD`, checked by `validate`). */
  const dateField = <K extends keyof T>(name: K) => {
    dateFields.current.add(name);
    return {
      name: String(name),
      value: values[name] as unknown as string,
      onChange: (value: string) => setValue(name, value as T[K]),
      error: errors[name],
    };
  };

  /**
   * Runs the validators, then checks every `dateField` holds a real day (an impossible
   * or incomplete date is explained in French); sets and returns the errors (empty object when valid).
   */
  const validate = useCallback((): FieldErrors<T> => {
    const found: FieldErrors<T> = {};
    for (const name of dateFields.current) {
      const message = dayError(String(values[name] ?? ""));
      if (message) found[name] = message;
    }
    for (const name of Object.keys(validators) as (keyof T)[]) {
      const validator = validators[name] as Validator<T> | undefined;
      const message = validator?.(values[name], values);
      if (message && !found[name]) found[name] = message;
    }
    setErrors(found);
    return found;
  }, [validators, values]);

  const reset = useCallback((next: T = initial) => {
    setValues(next);
    setErrors({});
  }, [initial]);

  return { values, errors, setValue, setErrors, textField, dateField, validate, reset };
}

export function hasErrors<T>(errors: FieldErrors<T>): boolean {
  return Object.values(errors).some(Boolean);
}
