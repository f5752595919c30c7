import { Button, Checkbox, Fieldset, Group, Stack, Text, Textarea } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { FormAlert } from "../components/FormAlert";

interface SiteLike {
  siret: string;
  name: string;
  evaluators: readonly { fullName: string; email: string }[];
}

export interface AcceptanceInput {
  /** SIRETs kept; null keeps every site. */
  sites: string[] | null;
  /** Evaluators kept for the sites where some are left out; null keeps all. */
  evaluators: { siret: string; emails: string[] }[] | null;
  message: string;
}

/** Everything chosen by default: every site with every evaluator. */
export function allKept(sites: readonly SiteLike[]): Record<string, string[]> {
  return Object.fromEntries(sites.map((site) => [site.siret, site.evaluators.map((e) => e.email)]));
}

/**
 * The acceptApplication input of a choice (`kept`: evaluators kept per kept
 * SIRET; a SIRET absent from `kept` is left out), or the problems that block it.
 * Omitted lists mean "all", as the API reads them.
 */
export function acceptanceInput(
  sites: readonly SiteLike[],
  kept: Readonly<Record<string, readonly string[]>>,
  message: string,
): { input: AcceptanceInput; problems: string[] } {
  const keptSites = sites.filter((site) => site.siret in kept);
  const problems: string[] = [];
  if (keptSites.length === 0) problems.push("Retenez au moins un établissement, ou refusez la candidature.");
  const evaluators: { siret: string; emails: string[] }[] = [];
  for (const site of keptSites) {
    const emails = site.evaluators.map((e) => e.email).filter((email) => kept[site.siret]?.includes(email));
    if (emails.length === 0) {
      problems.push(`Retenez au moins un évaluateur pour l’établissement ${site.name || site.siret}.`);
    }
    if (emails.length !== site.evaluators.length) evaluators.push({ siret: site.siret, emails });
  }
  return {
    input: {
      sites: keptSites.length === sites.length ? null : keptSites.map((s) => s.siret),
      evaluators: evaluators.length > 0 ? evaluators : null,
      message: message.trim(),
    },
    problems,
  };
}

interface AcceptDecisionFormProps {
  sites: readonly SiteLike[];
  onAccept: (input: AcceptanceInput) => void;
  onCancel: () => void;
  submitting?: boolean;
  /** Server refusal. */
  error?: string | null;
}

/** "Accepter": sites and evaluators to keep (all by default) and an optional message. */
export function AcceptDecisionForm({ sites, onAccept, onCancel, submitting, error }: AcceptDecisionFormProps) {
  const [kept, setKept] = useState<Record<string, string[]>>(() => allKept(sites));
  const [message, setMessage] = useState("");
  const [problems, setProblems] = useState<string[]>([]);

  function toggleSite(siret: string, checked: boolean) {
    setProblems([]);
    setKept((current) => {
      const next = { ...current };
      if (checked) next[siret] = sites.find((s) => s.siret === siret)?.evaluators.map((e) => e.email) ?? [];
      else delete next[siret];
      return next;
    });
  }

  function toggleEvaluator(siret: string, email: string, checked: boolean) {
    setProblems([]);
    setKept((current) => {
      const emails = current[siret] ?? [];
      return { ...current, [siret]: checked ? [...emails.filter((e) => e !== email), email] : emails.filter((e) => e !== email) };
    });
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const { input, problems: found } = acceptanceInput(sites, kept, message);
    setProblems(found);
    if (found.length === 0) onAccept(input);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Accepter la candidature">
      <Stack gap="md">
        <Text size="sm">
          Une habilitation est accordée par certification de la campagne et par établissement retenu, aux évaluateurs
          retenus.
        </Text>
        <FormAlert messages={[...problems, error]} title="Décision incomplète" />
        {sites.map((site) => {
          const siteKept = site.siret in kept;
          const label = `${site.name || "Établissement"} (${site.siret})`;
          return (
            <Fieldset key={site.siret} legend={label} data-decision-site={site.siret}>
              <Checkbox
                label={`Retenir l’établissement ${label}`}
                checked={siteKept}
                onChange={(event) => toggleSite(site.siret, event.currentTarget.checked)}
              />
              <Stack gap={4} mt="xs" ml="lg">
                {site.evaluators.map((evaluator) => (
                  <Checkbox
                    key={evaluator.email}
                    label={`${evaluator.fullName} (${evaluator.email})`}
                    checked={siteKept && (kept[site.siret]?.includes(evaluator.email) ?? false)}
                    disabled={!siteKept}
                    onChange={(event) => toggleEvaluator(site.siret, evaluator.email, event.currentTarget.checked)}
                  />
                ))}
              </Stack>
            </Fieldset>
          );
        })}
        <Textarea
          label="Message au candidat"
          description="Facultatif : joint à l’e-mail de décision."
          value={message}
          onChange={(event) => setMessage(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Annuler
          </Button>
          <Button type="submit" loading={submitting} color="#1e6b30">
            Accepter la candidature
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
