import { Alert, Anchor, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { formatDate, formatDay, todayIso } from "../components/format";
import type { DossierStatus, StatisticsFunnelFieldsFragment } from "../gql/graphql";
import { candidateName, capitalize, statusLabel } from "../pathway/labels";
import { gridPath } from "../pathway/paths";
import { ChartWithTable } from "./ChartWithTable";
import { HomeJuryQuery, HomeNationalQuery, HomeOrganisationQuery, HomeWorkQuery } from "./documents";
import {
  currentQuarter,
  currentYear,
  daysUntil,
  formatCount,
  formatEuros,
  formatPercent,
  funnelSteps,
} from "./figures";

/** Within this many days, a training window's end is announced on the home page. */
export const WINDOW_WARNING_DAYS = 180;

/** Why a dossier waits on its adviser. */
const WAITING_REASONS: Partial<Record<DossierStatus, string>> = {
  OPENED: "Évaluation préalable à planifier",
  TRAINING: "En formation : suivre le plan, puis planifier l’évaluation finale",
  NOT_CERTIFIED: "Non certifié par le jury : proposer la suite du parcours",
  EXPIRED: "Délai dépassé : une nouvelle évaluation préalable est nécessaire",
};

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={`${id}-titre`} data-testid={id}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={`${id}-titre`}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function KeyFigure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="sm">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Paper>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text size="sm">
      {children}
    </Text>
  );
}

/** Dossiers waiting on the adviser shown before « Afficher les … dossiers à traiter ». */
const SHOWN_FIRST = 15;

/** The work of an adviser, an evaluator and a trainer: one request for the three. */
export function WorkSections({ adviser, evaluator, trainer }: { adviser: boolean; evaluator: boolean; trainer: boolean }) {
  const [{ data, error }] = useQuery({
    query: HomeWorkQuery,
    variables: { training: ["TRAINING"] },
    requestPolicy: "cache-and-network",
  });
  // The longest-waiting first; the rest on demand, so the page stays short.
  const [everyDossier, setEveryDossier] = useState(false);
  if (error) return <Alert color="red">Impossible de charger votre travail : {error.message}</Alert>;
  if (!data) return <Empty>Chargement de votre travail…</Empty>;
  const work = data.myWork;
  const today = todayIso();
  const week = new Date();
  week.setDate(week.getDate() + 7);
  const weekEnd = todayIso(week);
  const nearEnd = [
    ...work.dossiersToHandle,
    ...data.inTraining.edges.map((edge) => edge.node),
  ].filter(
    (dossier, index, all) =>
      dossier.windowEndsOn &&
      daysUntil(dossier.windowEndsOn) <= WINDOW_WARNING_DAYS &&
      all.findIndex((other) => other.id === dossier.id) === index,
  );
  const sittingsToday = work.upcomingSittings.filter(({ session }) => session.day === today);
  const sittingsThisWeek = work.upcomingSittings.filter(({ session }) => session.day <= weekEnd);
  const gridsToComplete = work.upcomingSittings.filter(({ dossier }) =>
    dossier.evaluations.some((evaluation) => evaluation.status === "OPEN"),
  );
  return (
    <>
      {adviser && (
        <Section id="a-faire" title="À faire">
          {work.dossiersToHandle.length === 0 ? (
            <Empty>Aucun dossier n’attend votre action.</Empty>
          ) : (
            <List size="sm" aria-label="Dossiers qui attendent votre action">
              {(everyDossier ? work.dossiersToHandle : work.dossiersToHandle.slice(0, SHOWN_FIRST)).map((dossier) => (
                <List.Item key={dossier.id}>
                  <Anchor component={Link} to={`/dossiers/${dossier.id}`}>
                    {candidateName(dossier.candidate)}
                  </Anchor>{" "}
                  ({dossier.certificationCode}) — {WAITING_REASONS[dossier.status] ?? capitalize(statusLabel(dossier.status))}
                </List.Item>
              ))}
            </List>
          )}
          <Text size="sm" data-testid="dossiers-a-traiter">
            {formatCount(work.dossiersToHandle.length)} dossier(s) à traiter
          </Text>
          {!everyDossier && work.dossiersToHandle.length > SHOWN_FIRST && (
            <Button variant="subtle" size="compact-sm" onClick={() => setEveryDossier(true)}>
              Afficher les {formatCount(work.dossiersToHandle.length)} dossiers à traiter
            </Button>
          )}
          <Title order={3} size="h4">
            Corrections demandées par des candidats
          </Title>
          {(work.correctionRequests ?? []).length === 0 ? (
            <Empty>Aucune demande de correction en attente.</Empty>
          ) : (
            <List size="sm" aria-label="Demandes de correction des candidats">
              {work.correctionRequests.map((request) => (
                <List.Item key={request.id}>
                  <strong>{request.candidateName}</strong> ({formatDay(request.createdAt)}) : « {request.message} »
                </List.Item>
              ))}
            </List>
          )}
          {(work.correctionRequests ?? []).length > 0 && (
            <Anchor component={Link} to="/dossiers" size="sm">
              Traiter les demandes de correction (liste des dossiers)
            </Anchor>
          )}
          <Title order={3} size="h4">
            Fin de délai dans moins de six mois
          </Title>
          {nearEnd.length === 0 ? (
            <Empty>Aucun dossier n’approche de la fin de son délai de 5 ans.</Empty>
          ) : (
            <List size="sm" aria-label="Dossiers proches de la fin de leur délai">
              {nearEnd.map((dossier) => (
                <List.Item key={dossier.id}>
                  <Anchor component={Link} to={`/dossiers/${dossier.id}`}>
                    {candidateName(dossier.candidate)}
                  </Anchor>{" "}
                  — délai jusqu’au {formatDate(dossier.windowEndsOn)}
                </List.Item>
              ))}
            </List>
          )}
        </Section>
      )}
      {(adviser || evaluator) && (
        <Section id="seances" title={evaluator ? "Mes séances d’évaluation" : "Prochaines séances d’évaluation"}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <KeyFigure label="Aujourd’hui" value={formatCount(sittingsToday.length)} testId="seances-aujourdhui" />
            <KeyFigure label="Cette semaine" value={formatCount(sittingsThisWeek.length)} testId="seances-semaine" />
            <KeyFigure label="Grilles à compléter" value={formatCount(gridsToComplete.length)} testId="grilles" />
          </SimpleGrid>
          {work.upcomingSittings.length === 0 ? (
            <Empty>Aucune séance prévue.</Empty>
          ) : (
            <List size="sm" aria-label="Prochaines séances">
              {work.upcomingSittings.slice(0, 10).map(({ session, dossier }) => {
                const open = dossier.evaluations.find((evaluation) => evaluation.status === "OPEN");
                return (
                  <List.Item key={session.id}>
                    {formatDay(session.day)}, {session.startsAt.slice(0, 5)}–{session.endsAt.slice(0, 5)} :{" "}
                    <Anchor component={Link} to={open ? gridPath(open.id, dossier.id) : `/dossiers/${dossier.id}`}>
                      {candidateName(dossier.candidate)}
                    </Anchor>
                    {open && " (grille à compléter)"}
                  </List.Item>
                );
              })}
            </List>
          )}
        </Section>
      )}
      {trainer && (
        <Section id="formations" title="Plans de formation en cours">
          <Text size="sm" data-testid="en-formation">
            {formatCount(data.inTraining.totalCount)} dossier(s) en formation
          </Text>
          {data.inTraining.edges.length > 0 && (
            <List size="sm" aria-label="Dossiers en formation">
              {data.inTraining.edges.map(({ node }) => (
                <List.Item key={node.id}>
                  <Anchor component={Link} to={`/dossiers/${node.id}/plan`}>
                    {candidateName(node.candidate)}
                  </Anchor>{" "}
                  ({node.certificationCode})
                </List.Item>
              ))}
            </List>
          )}
        </Section>
      )}
    </>
  );
}

function Funnel({ total, caption }: { total: StatisticsFunnelFieldsFragment; caption: string }) {
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <KeyFigure label="Dossiers ouverts" value={formatCount(total.opened)} testId="chiffre-ouverts" />
        <KeyFigure label="Certifiés" value={formatCount(total.certified)} testId="chiffre-certifies" />
        <KeyFigure
          label="Taux de réussite au jury"
          value={formatPercent(total.successRate)}
          testId="chiffre-reussite"
        />
      </SimpleGrid>
      <ChartWithTable
        caption={caption}
        rows={funnelSteps(total).map((step) => ({ label: step.step, value: step.dossiers }))}
        labelHeader="Étape"
        valueLabel="Dossiers"
        testId="entonnoir"
      />
    </Stack>
  );
}

const EXPORTED_TABLES: { dimension: string; label: string }[] = [
  { dimension: "region", label: "par région" },
  { dimension: "status_at_registration", label: "par statut à l’inscription" },
  { dimension: "age_band", label: "par âge" },
  { dimension: "professional_sector", label: "par secteur" },
];

/** Downloads of the year: each breakdown as CSV (masked), the annual report per certification. */
function Downloads({ year, codes }: { year: string; codes: string[] }) {
  return (
    <div>
      <Title order={3} size="h4">
        Téléchargements
      </Title>
      <Anchor component={Link} to="/statistiques" size="sm">
        Toutes les statistiques (répartitions par région, âge, statut, secteur…)
      </Anchor>
      <List size="sm" aria-label="Téléchargements des statistiques">
        {EXPORTED_TABLES.map(({ dimension, label }) => (
          <List.Item key={dimension}>
            <Anchor href={`/exports/statistics/${dimension}.csv?du=${year}-01-01&au=${year}-12-31`}>
              Dossiers {year} {label} (CSV)
            </Anchor>
          </List.Item>
        ))}
        {codes.map((code) => (
          <List.Item key={code}>
            <Anchor href={`/exports/statistics/rapport-annuel.pdf?annee=${year}&certification=${code}`}>
              Rapport annuel {year} {code} (PDF)
            </Anchor>
          </List.Item>
        ))}
      </List>
    </div>
  );
}

function Refused({ messages }: { messages: string[] }) {
  return <Alert color="red">{messages.join(" ")}</Alert>;
}

/** Organisation administrator: the year's funnel, accreditations and their expiry, team. */
export function OrganisationSection() {
  const year = currentYear();
  const [{ data, error }] = useQuery({
    query: HomeOrganisationQuery,
    variables: { filter: year, quarter: { ...currentQuarter(), withActivity: true } },
  });
  if (error) return <Alert color="red">Impossible de charger les chiffres : {error.message}</Alert>;
  if (!data) return <Empty>Chargement des chiffres de l’organisation…</Empty>;
  const statistics = data.statistics;
  const today = todayIso();
  const roles = new Map<string, number>();
  for (const { node } of data.members.edges) for (const role of node.roles) roles.set(role, (roles.get(role) ?? 0) + 1);
  return (
    <>
      <Section id="entonnoir-organisation" title={`Parcours des dossiers ouverts en ${year.openedFrom.slice(0, 4)}`}>
        {statistics.__typename === "Statistics" ? (
          <>
            <Funnel total={statistics.total} caption="Dossiers de l’organisation par étape atteinte" />
            <Downloads
              year={year.openedFrom.slice(0, 4)}
              codes={statistics.funnel.flatMap((row) => (row.certificationCode ? [row.certificationCode] : []))}
            />
          </>
        ) : (
          <Refused messages={statistics.errors.map((e) => e.message)} />
        )}
      </Section>
      <Section id="redevances" title="Redevances du trimestre">
        {data.quarter.__typename === "Statistics" ? (
          <Text size="sm" data-testid="redevances-trimestre">
            {formatEuros(data.quarter.activity.reduce((sum, row) => sum + row.feesCents, 0))} HT pour{" "}
            {formatCount(data.quarter.activity.reduce((sum, row) => sum + row.initialEvaluations, 0))} évaluation(s)
            préalable(s) et {formatCount(data.quarter.activity.reduce((sum, row) => sum + row.certificates, 0))}{" "}
            certificat(s)
          </Text>
        ) : (
          <Refused messages={data.quarter.errors.map((e) => e.message)} />
        )}
      </Section>
      <Section id="habilitations" title="Habilitations">
        {data.accreditations.length === 0 ? (
          <Empty>Aucune habilitation.</Empty>
        ) : (
          <Table striped withTableBorder>
            <Table.Caption>Habilitations par site et certification</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Certification</Table.Th>
                <Table.Th scope="col">Site</Table.Th>
                <Table.Th scope="col">Jusqu’au</Table.Th>
                <Table.Th scope="col">État</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.accreditations.map((accreditation) => {
                const soon = accreditation.isValid && daysUntil(accreditation.validUntil) <= WINDOW_WARNING_DAYS;
                return (
                  <Table.Tr key={accreditation.id}>
                    <Table.Td>{accreditation.certificationCode}</Table.Td>
                    <Table.Td>{accreditation.siteName}</Table.Td>
                    <Table.Td>{formatDate(accreditation.validUntil)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        {accreditation.statusLabel}
                        {soon && accreditation.validUntil >= today && (
                          <Badge color="orange" variant="light">
                            expire bientôt
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section id="equipe" title="Équipe">
        <Text size="sm" data-testid="membres">
          {formatCount(data.members.totalCount)} membre(s) —{" "}
          {[...roles.entries()].map(([role, count]) => `${formatCount(count)} ${ROLE_LABELS[role] ?? role}`).join(", ")}
        </Text>
        <Anchor component={Link} to="/organisation/membres" size="sm">
          Gérer les membres
        </Anchor>
      </Section>
    </>
  );
}

const ROLE_LABELS: Record<string, string> = {
  ORG_ADMIN: "administrateur(s)",
  ADVISER: "conseiller(s)",
  EVALUATOR: "évaluateur(s)",
  TRAINER: "formateur(s)",
  VIEWER: "lecteur(s)",
};

/** Certif'Pro administrator: national funnel, applications, ready pool, certificates. */
export function NationalSection() {
  const year = currentYear();
  const [{ data, error }] = useQuery({ query: HomeNationalQuery, variables: { filter: year } });
  if (error) return <Alert color="red">Impossible de charger les chiffres nationaux : {error.message}</Alert>;
  if (!data) return <Empty>Chargement des chiffres nationaux…</Empty>;
  const statistics = data.statistics;
  if (statistics.__typename !== "Statistics") return <Refused messages={statistics.errors.map((e) => e.message)} />;
  const pool = statistics.readyForJuryByRegion;
  return (
    <>
      <Section id="national" title={`Parcours national des dossiers ouverts en ${year.openedFrom.slice(0, 4)}`}>
        <KeyFigure
          label="Certificats délivrés ce mois-ci"
          value={formatCount(statistics.certificatesThisMonth)}
          testId="certificats-du-mois"
        />
        <Funnel total={statistics.total} caption="Dossiers de toutes les organisations par étape atteinte" />
        <Downloads
          year={year.openedFrom.slice(0, 4)}
          codes={statistics.funnel.flatMap((row) => (row.certificationCode ? [row.certificationCode] : []))}
        />
      </Section>
      <Section id="vivier" title="Dossiers prêts pour un jury, par région">
        {pool.length === 0 ? (
          <Empty>Aucun dossier n’attend de jury.</Empty>
        ) : (
          <ChartWithTable
            caption="Dossiers prêts pour un jury par région du site"
            rows={pool.map((row) => ({ label: row.region, value: row.dossiers }))}
            labelHeader="Région"
            valueLabel="Dossiers"
            testId="vivier-regions"
          />
        )}
        <Anchor component={Link} to="/plateforme/jury/sessions" size="sm">
          Convoquer un jury
        </Anchor>
      </Section>
      <Section id="candidatures" title="Candidatures à examiner">
        <Text size="sm" data-testid="candidatures-a-examiner">
          {formatCount(data.submitted.length)} candidature(s) déposée(s)
        </Text>
        {data.submitted.length > 0 && (
          <List size="sm" aria-label="Candidatures déposées">
            {data.submitted.slice(0, 10).map((application) => (
              <List.Item key={application.id}>
                <Anchor component={Link} to={`/plateforme/candidatures/${application.id}`}>
                  {application.organisationName}
                </Anchor>
                {application.submittedAt && ` — déposée le ${formatDate(application.submittedAt)}`}
              </List.Item>
            ))}
          </List>
        )}
      </Section>
    </>
  );
}

/** Jury member: the next sessions. */
export function JurySection() {
  const [{ data, error }] = useQuery({ query: HomeJuryQuery });
  if (error) return <Alert color="red">Impossible de charger vos sessions : {error.message}</Alert>;
  if (!data) return <Empty>Chargement de vos sessions de jury…</Empty>;
  const today = todayIso();
  const next = data.myJurySessions
    .filter((session) => session.status !== "CLOSED" && session.heldOn >= today)
    .sort((a, b) => a.heldOn.localeCompare(b.heldOn));
  return (
    <Section id="jury" title="Mes prochaines sessions de jury">
      {next.length === 0 ? (
        <Empty>Aucune session à venir.</Empty>
      ) : (
        <List size="sm" aria-label="Prochaines sessions de jury">
          {next.map((session) => (
            <List.Item key={session.id}>
              <Anchor component={Link} to={`/jury/sessions/${session.id}`}>
                {session.title}
              </Anchor>{" "}
              — {formatDay(session.heldOn)} à {String(session.startsAt).slice(0, 5)} ({session.region})
            </List.Item>
          ))}
        </List>
      )}
    </Section>
  );
}
