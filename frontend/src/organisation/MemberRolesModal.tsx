import { Button, Group, Modal, MultiSelect, Stack } from "@mantine/core";
import { useEffect, useState } from "react";
import { useMutation } from "urql";
import { ROLE_OPTIONS } from "../auth/labels";
import { FormAlert } from "../components/FormAlert";
import type { Role } from "../gql/graphql";
import { useOperationErrors } from "../graphql/useOperationErrors";
import { UpdateMemberRolesMutation } from "./documents";

export interface EditedMember {
  id: string;
  name: string;
  roles: readonly Role[];
}

interface MemberRolesModalProps {
  member: EditedMember | null;
  onClose: () => void;
  onSaved: () => void;
}

/** Modal with a roles MultiSelect → `updateMemberRoles`. */
export function MemberRolesModal({ member, onClose, onSaved }: MemberRolesModalProps) {
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, updateRoles] = useMutation(UpdateMemberRolesMutation);
  const handleErrors = useOperationErrors();

  useEffect(() => {
    setRoles(member ? [...member.roles] : []);
    setError(null);
  }, [member]);

  async function onSave() {
    if (!member) return;
    if (roles.length === 0) {
      setError("Choisissez au moins un rôle.");
      return;
    }
    const result = await updateRoles({ membershipId: member.id, roles });
    const message =
      handleErrors(result.error) ??
      result.data?.updateMemberRoles.errors.map((e) => e.message).join(" ");
    if (message) {
      setError(message);
      return;
    }
    onSaved();
    onClose();
  }

  return (
    <Modal
      opened={member !== null}
      onClose={onClose}
      title={member ? `Rôles de ${member.name}` : "Rôles"}
      centered
    >
      <Stack gap="md">
        <FormAlert messages={[error]} />
        <MultiSelect
          label="Rôles"
          data={ROLE_OPTIONS}
          value={roles}
          onChange={(value) => {
            setRoles(value as Role[]);
            setError(null);
          }}
          comboboxProps={{ withinPortal: false }}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button onClick={() => void onSave()} loading={fetching}>
            Enregistrer les rôles
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
