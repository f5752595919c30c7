import { Anchor, Breadcrumbs, Button, Checkbox, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useMemo, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { todayIso } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { hasErrors, useForm } from "../forms/useForm";
import { required } from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { REGIONS } from "../organisation/regions";
import { ConveneJurySessionMutation, JuryMembersQuery } from "./documents";
import { SIDE_SHORT_LABELS } from "./labels";
import { useCertifications } from "./useCertifications";
import { DateField } from "../components/DateField";

const FIELDS = ["title", "certificationCodes", "region", "heldOn", "place", "memberIds", "endsAt"] as const;
const REGION_OPTIONS = REGIONS.map((region) => ({ value: region, label: region }));

interface Values {
  title: string;
  certificationCodes: string[];
  region: string | null;
  heldOn: string;
  place: string;
  remote: boolean;
  memberIds: string[];
  startsAt: string;
  endsAt: string;
  interviews: boolean;
}

const VALIDATORS = {
  title: required("Saisissez l’intitulé de la session."),
  certificationCodes: (codes: string[]) => (codes.length === 0 ? "Choisissez au moins une certification." : null),
  region: required("Choisissez la région."),
  heldOn: (day: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return "Indiquez la date de la session.";
    return day < todayIso() ? "La date est passée." : null;
  },
  place: (place: string, values: Values) =>
    values.remote || place.trim() ? null : "Indiquez le lieu, ou cochez « Session à distance ».",
  memberIds: (ids: string[]) =>
    ids.length === 0 ? "Convoquez au moins un membre du vivier : une session sans membre ne peut pas être convoquée." : null,
  endsAt: (end: string, values: Values) =>
    end && values.startsAt && end <= values.startsAt ? "L’heure de fin doit suivre l’heure de début." : null,
};

/** `/plateforme/jury/sessions/nouvelle` (Certif'Pro admin): convene a session and its members. */
export function ConveneSessionPage() {
  useDocumentTitle(pageTitle("Convoquer une session de jury"));
  const navigate = useNavigate();
  const certifications = useCertifications();
  const form = useForm<Values>(
    {
      title: "",
      certificationCodes: [],
      region: null,
      heldOn: "",
      place: "",
      remote: false,
      memberIds: [],
      startsAt: "09:00",
      endsAt: "12:30",
      interviews: false,
    },
    VALIDATORS,
  );
  const { region, certificationCodes, memberIds } = form.values;
  const [{ data: roster, fetching: loadingRoster }] = useQuery({
    query: JuryMembersQuery,
    variables: { region, certificationCode: null },
    pause: !region,
  });
  const candidates = useMemo(
    () =>
      (roster?.juryMembers ?? []).filter(
        (member) =>
          member.active &&
          (certificationCodes.length === 0 ||
            member.certificationCodes.some((code) => certificationCodes.includes(code))),
      ),
    [roster, certificationCodes],
  );
  const convene = useMutationWithErrors(ConveneJurySessionMutation, (data) => data.conveneJurySession, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
    succeeded: (payload) => Boolean(payload.session),
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    convene.setGeneral([]);
    if (hasErrors(form.validate())) return;
    const values = form.values;
    const available = new Set(candidates.map((member) => member.id));
    const invited = values.memberIds.filter((id) => available.has(id));
    const outcome = await convene.run({
      title: values.title.trim(),
      certificationCodes: values.certificationCodes,
      region: values.region ?? "",
      heldOn: values.heldOn,
      place: values.remote ? "" : values.place.trim(),
      remote: values.remote,
      memberIds: invited,
      startsAt: `${values.startsAt}:00`,
      endsAt: `${values.endsAt}:00`,
      interviews: values.interviews,
    });
    if (outcome.ok && outcome.payload.session) {
      void navigate(`/plateforme/jury/sessions/${outcome.payload.session.id}`, { state: { convened: invited.length } });
    }
  }

  return (
    <Stack gap="lg">
      <Breadcrumbs component="nav" aria-label="Fil d’Ariane" separator="›">
        <Anchor component={Link} to="/plateforme/jury/sessions">
          Sessions de jury
        </Anchor>
        <Text span aria-current="page">
          Convoquer une session
        </Text>
      </Breadcrumbs>
      <Title order={1}>Convoquer une session de jury</Title>
      <form onSubmit={onSubmit} noValidate aria-label="Convocation d’une session de jury">
        <Stack gap="md">
          <FormAlert messages={convene.general} title="Convocation impossible" />
          <TextInput label="Intitulé" placeholder="ex. Jury CléA Île-de-France — juin" required {...form.textField("title")} />
          <Checkbox.Group
            label="Certifications"
            required
            value={certificationCodes}
            onChange={(value) => form.setValue("certificationCodes", value)}
            error={form.errors.certificationCodes}
          >
            <Stack gap={6} mt={4}>
              {certifications.options.map((certification) => (
                <Checkbox key={certification.value} value={certification.value} label={certification.label} />
              ))}
            </Stack>
          </Checkbox.Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label="Région"
              required
              data={REGION_OPTIONS}
              value={region}
              onChange={(value) => form.setValue("region", value)}
              error={form.errors.region}
              searchable
              comboboxProps={{ withinPortal: true }}
            />
            <DateField label="Date de la session" required {...form.dateField("heldOn")} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Début (heure de Paris)" type="time" required {...form.textField("startsAt")} />
            <TextInput label="Fin (heure de Paris)" type="time" required {...form.textField("endsAt")} />
          </SimpleGrid>
          <Checkbox
            label="Le jury entend les candidats (entretien : « absent » et « excusé » possibles)"
            checked={form.values.interviews}
            onChange={(event) => form.setValue("interviews", event.currentTarget.checked)}
          />
          <Checkbox
            label="Session à distance"
            checked={form.values.remote}
            onChange={(event) => form.setValue("remote", event.currentTarget.checked)}
          />
          {!form.values.remote && <TextInput label="Lieu" required {...form.textField("place")} />}
          <Checkbox.Group
            label="Membres convoqués"
            description="Membres actifs du vivier pour la région et l’une des certifications choisies ; chacun reçoit une convocation par e-mail."
            value={memberIds}
            onChange={(value) => form.setValue("memberIds", value)}
            error={form.errors.memberIds}
          >
            <Stack gap={6} mt={4} data-testid="convene-members">
              {!region ? (
                <Text size="sm">Choisissez d’abord la région.</Text>
              ) : loadingRoster && !roster ? (
                <LoadingState label="Chargement du vivier…" />
              ) : candidates.length === 0 ? (
                <Text size="sm">Aucun membre du vivier pour cette région et ces certifications.</Text>
              ) : (
                candidates.map((member) => (
                  <Checkbox
                    key={member.id}
                    value={member.id}
                    label={member.fullName}
                    description={`${SIDE_SHORT_LABELS[member.side]} — ${member.body}`}
                  />
                ))
              )}
            </Stack>
          </Checkbox.Group>
          <Button type="submit" loading={convene.fetching} style={{ alignSelf: "flex-start" }}>
            Convoquer la session
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
