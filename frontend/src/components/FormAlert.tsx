import { Alert, Anchor, List, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";

interface FormAlertProps {
  messages: readonly (string | null | undefined)[];
  title?: string;
}

/** A field in error, as the summary links it. */
export interface FieldInError {
  id: string;
  label: string;
  message: string;
}

/** The label a person reads for a control (without the required mark). */
function labelOf(form: HTMLElement, control: HTMLElement): string {
  const byFor = control.id ? form.querySelector(`label[for="${CSS.escape(control.id)}"]`) : null;
  const labelledBy = control.getAttribute("aria-labelledby");
  const text =
    byFor?.textContent ??
    (labelledBy ? document.getElementById(labelledBy.split(/\s+/)[0] ?? "")?.textContent : null) ??
    control.getAttribute("aria-label") ??
    control.getAttribute("name") ??
    "";
  return text.replace(/\s*\*\s*$/, "").trim();
}

/** The error text a control points at (Mantine's `<id>-error`), else nothing. */
function messageOf(control: HTMLElement): string {
  const ids = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
  const errorId = ids.find((id) => id.endsWith("-error")) ?? null;
  return (errorId ? document.getElementById(errorId)?.textContent : null)?.trim() ?? "";
}

/** Every control of `form` marked `aria-invalid`, in the order a person meets them. */
export function invalidFields(form: HTMLElement): FieldInError[] {
  const seen = new Set<string>();
  const found: FieldInError[] = [];
  for (const control of form.querySelectorAll<HTMLElement>('[aria-invalid="true"]')) {
    if (!control.id || seen.has(control.id)) continue;
    seen.add(control.id);
    found.push({ id: control.id, label: labelOf(form, control), message: messageOf(control) });
  }
  return found;
}

const sameFields = (a: FieldInError[], b: FieldInError[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The form's error summary (the DSFR habit), shown above its fields: the messages not
 * attached to a field (server messages are already French) and a link to each field in
 * error. After a refused submit (client checks or the server's field errors) it receives
 * the focus. Every form that renders it inside its `<form>` gets the field links: they are
 * read from the fields marked `aria-invalid` (Mantine marks a field that has an `error`).
 */
export function FormAlert({ messages, title = "Impossible d’enregistrer" }: FormAlertProps) {
  const shown = messages.filter((m): m is string => Boolean(m));
  const anchor = useRef<HTMLSpanElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const submitted = useRef(false);
  const [fields, setFields] = useState<FieldInError[]>([]);

  useEffect(() => {
    const form = anchor.current?.closest("form");
    // Only the form's first summary lists its fields.
    if (!form || form.querySelector("[data-form-alert]") !== anchor.current) return;
    const collect = () => setFields((current) => {
      const next = invalidFields(form);
      return sameFields(current, next) ? current : next;
    });
    const observer = new MutationObserver(collect);
    observer.observe(form, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-invalid"] });
    const onSubmit = () => {
      submitted.current = true;
    };
    form.addEventListener("submit", onSubmit, true);
    collect();
    return () => {
      observer.disconnect();
      form.removeEventListener("submit", onSubmit, true);
    };
  }, []);

  const visible = shown.length > 0 || fields.length > 0;
  const shownKey = shown.join("\n");
  useEffect(() => {
    if (visible && submitted.current) {
      submitted.current = false;
      summary.current?.focus();
    }
  }, [visible, fields, shownKey]);

  return (
    <>
      <span data-form-alert hidden ref={anchor} />
      {visible && (
        <Alert color="red" variant="light" title={title} role="alert" ref={summary} tabIndex={-1}>
          {shown.length === 1 && fields.length === 0 ? (
            <Text size="sm">{shown[0]}</Text>
          ) : (
            <>
              {fields.length > 0 && (
                <Text size="sm">
                  {fields.length === 1 ? "Corrigez le champ suivant :" : `Corrigez les ${fields.length} champs suivants :`}
                </Text>
              )}
              <List size="sm">
                {shown.map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
                {fields.map((field) => (
                  <List.Item key={field.id}>
                    <Anchor
                      href={`#${field.id}`}
                      size="sm"
                      c="inherit"
                      fw={600}
                      underline="always"
                      onClick={(event) => {
                        event.preventDefault();
                        document.getElementById(field.id)?.focus();
                      }}
                    >
                      {field.label || "Champ"}
                    </Anchor>
                    {field.message && ` : ${field.message}`}
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </Alert>
      )}
    </>
  );
}
