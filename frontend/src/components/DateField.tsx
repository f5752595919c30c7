import { TextInput, type TextInputProps } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { DAY_FORMAT_HINT, frenchDay, maskDay, parseDay } from "./dates";

export interface DateFieldProps extends Omit<TextInputProps, "value" | "onChange" | "type"> {
  /** ISO `YYYY-MM-DD`, "" when empty, or the text being typed while it is not a day yet. */
  value: string;
  /** Receives the ISO day once the text is a real day, else the text as typed ("" when empty). */
  onChange: (value: string) => void;
}

/**
 * The one date input: typed jj/mm/aaaa whatever the browser's locale, with a mask,
 * read into an ISO day; an impossible date ("31/02/2025") is explained in French when
 * the person leaves the field (or when the form is submitted: `useForm.dateField`).
 */
export function DateField({ value, onChange, error, onBlur, ...props }: DateFieldProps) {
  const [text, setText] = useState(() => frenchDay(value));
  const [ownError, setOwnError] = useState<string | null>(null);
  const emitted = useRef(value);

  // A value set from outside (a reset, a loaded record) replaces the text.
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setText(frenchDay(value));
      setOwnError(null);
    }
  }, [value]);

  return (
    <TextInput
      {...props}
      type="text"
      inputMode="numeric"
      autoComplete={props.autoComplete ?? "off"}
      placeholder={props.placeholder ?? DAY_FORMAT_HINT}
      maxLength={10}
      value={text}
      error={error || ownError}
      onChange={(event) => {
        const masked = maskDay(event.currentTarget.value);
        setText(masked);
        setOwnError(null);
        const parsed = parseDay(masked);
        const next = parsed.iso ?? masked;
        emitted.current = next;
        onChange(next);
      }}
      onBlur={(event) => {
        setOwnError(parseDay(text).error);
        onBlur?.(event);
      }}
    />
  );
}
