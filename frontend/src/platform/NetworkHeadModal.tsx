import { Alert, Button, Group, Modal, Radio, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { labelOf, NETWORK_LABELS } from "../auth/labels";
import { FormAlert } from "../components/FormAlert";
import type { NationalNetwork } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { SetOrganisationNetworkHeadMutation } from "./documents";

export interface NetworkHeadOrganisation {
  id: string;
  name: string;
  network?: NationalNetwork | null;
  headsNetwork?: NationalNetwork | null;
}

interface NetworkHeadModalProps {
  organisation: NetworkHeadOrganisation | null;
  onClose: () => void;
  onDone: () => void;
}

const NONE = "aucun";

/**
 * « Tête de réseau » (Certif'Pro): whether the organisation heads its national network.
 * Its administrators then see the figures of every organisation of that network. An
 * organisation heads only the network it belongs to, and a network has one head: the
 * server names the current head when another one is asked for.
 */
export function NetworkHeadModal({ organisation, onClose, onDone }: NetworkHeadModalProps) {
  const [choice, setChoice] = useState<string>(NONE);
  const setHead = useMutationWithErrors(
    SetOrganisationNetworkHeadMutation,
    (data) => data.setOrganisationNetworkHead,
  );
  const { setGeneral } = setHead;

  useEffect(() => {
    setChoice(organisation?.headsNetwork ?? NONE);
    setGeneral([]);
  }, [organisation, setGeneral]);

  const network = organisation?.network ?? null;
  // The network it heads today, even if it is no longer its own (set before this rule).
  const options = [organisation?.headsNetwork, network].filter(
    (value, index, all): value is NationalNetwork => value != null && all.indexOf(value) === index,
  );

  async function onConfirm() {
    if (!organisation) return;
    const outcome = await setHead.run({
      organisationId: organisation.id,
      network: choice === NONE ? null : (choice as NationalNetwork),
    });
    if (!outcome.ok) return;
    onDone();
    onClose();
  }

  return (
    <Modal
      opened={organisation !== null}
      onClose={onClose}
      title={organisation ? `Tête de réseau — ${organisation.name}` : "Tête de réseau"}
      centered
    >
      <Stack gap="md">
        <Text size="sm">
          Les administrateurs de la tête d’un réseau national consultent les statistiques de tous les organismes de
          ce réseau. Un réseau n’a qu’une tête, choisie parmi ses membres.
        </Text>
        <FormAlert messages={[setHead.general.join(" ")]} title="Modification impossible" />
        {options.length === 0 ? (
          <Alert color="blue" title="Aucun réseau national">
            Cet organisme n’appartient à aucun réseau national : il ne peut en être la tête.
          </Alert>
        ) : (
          <Radio.Group label="Cet organisme est" value={choice} onChange={setChoice}>
            <Stack gap="xs" mt="xs">
              <Radio value={NONE} label="Tête d’aucun réseau" />
              {options.map((value) => (
                <Radio key={value} value={value} label={`Tête du réseau ${labelOf(NETWORK_LABELS, value)}`} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          {options.length > 0 && (
            <Button
              onClick={() => void onConfirm()}
              loading={setHead.fetching}
              disabled={choice === (organisation?.headsNetwork ?? NONE)}
            >
              Enregistrer
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
