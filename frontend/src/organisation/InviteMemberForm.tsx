import { Alert, Button, Group, MultiSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { ROLE_OPTIONS } from "../auth/labels";
import { FormAlert } from "../components/FormAlert";
import type { Role } from "../gql/graphql";
import { hasErrors, useForm } from "../forms/useForm";
import { validateEmail } from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { InviteMemberMutation } from "./documents";

const FIELDS = ["email", "roles"] as const;
const EMPTY = { email: "", roles: [] as Role[] };
const VALIDATORS = {
  email: validateEmail,
  roles: (roles: Role[]) => (roles.length === 0 ? "Choisissez au moins un rôle." : null),
};

/** "Inviter un membre": e-mail + roles → `inviteMember` (field errors from the server). */
export function InviteMemberForm({ onInvited }: { onInvited: () => void }) {
  const form = useForm(EMPTY, VALIDATORS);
  const invite = useMutationWithErrors(InviteMemberMutation, (data) => data.inviteMember, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
  });
  const [invited, setInvited] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    invite.setGeneral([]);
    setInvited(null);
    if (hasErrors(form.validate())) return;
    const email = form.values.email.trim();
    const outcome = await invite.run({ email, roles: form.values.roles });
    if (!outcome.ok) return;
    form.reset(EMPTY);
    setInvited(outcome.payload.invitation?.email ?? email);
    onInvited();
  }

  return (
    <section aria-labelledby="invite-heading">
      <Title order={2} size="h3" id="invite-heading" mb="sm">
        Inviter un membre
      </Title>
      <form onSubmit={onSubmit} noValidate aria-label="Inviter un membre">
        <Stack gap="sm">
          {invited && (
            <Alert color="green" variant="light" role="status" title="Invitation envoyée">
              <Text size="sm">Une invitation a été envoyée à {invited}.</Text>
            </Alert>
          )}
          <FormAlert messages={invite.general} title="Invitation impossible" />
          <Group align="flex-start" gap="sm" grow preventGrowOverflow={false} wrap="wrap">
            <TextInput
              label="Adresse e-mail"
              type="email"
              autoComplete="off"
              required
              miw={240}
              {...form.textField("email")}
            />
            <MultiSelect
              label="Rôles"
              placeholder={form.values.roles.length === 0 ? "Choisir…" : undefined}
              data={ROLE_OPTIONS}
              value={form.values.roles}
              onChange={(roles) => form.setValue("roles", roles as Role[])}
              error={form.errors.roles}
              required
              miw={240}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          <Button type="submit" loading={invite.fetching} style={{ alignSelf: "flex-start" }}>
            Inviter
          </Button>
        </Stack>
      </form>
    </section>
  );
}
