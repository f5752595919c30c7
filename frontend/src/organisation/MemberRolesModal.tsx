import { Button, Group, Modal, MultiSelect, Stack } from "@mantine/core";
import { useEffect, useState } from "react";
import { ROLE_OPTIONS } from "../auth/labels";
import { FormAlert } from "../components/FormAlert";
import type { Role } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
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
  const updateRoles = useMutationWithErrors(UpdateMemberRolesMutation, (data) => data.updateMemberRoles);
  const { setGeneral } = updateRoles;

  useEffect(() => {
    setRoles(member ? [...member.roles] : []);
    setError(null);
    setGeneral([]);
  }, [member, setGeneral]);

  async function onSave() {
    if (!member) return;
    if (roles.length === 0) {
      setGeneral([]);
      setError("Choisissez au moins un rôle.");
      return;
    }
    setError(null);
    const outcome = await updateRoles.run({ membershipId: member.id, roles });
    // Saved unless refused with a message (an answer without payload counts as saved).
    if (!outcome.ok && outcome.general.length > 0) return;
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
        <FormAlert messages={[error ?? updateRoles.general.join(" ")]} />
        <MultiSelect
          label="Rôles"
          data={ROLE_OPTIONS}
          value={roles}
          onChange={(value) => {
            setRoles(value as Role[]);
            setError(null);
            setGeneral([]);
          }}
          comboboxProps={{ withinPortal: false }}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button onClick={() => void onSave()} loading={updateRoles.fetching}>
            Enregistrer les rôles
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
