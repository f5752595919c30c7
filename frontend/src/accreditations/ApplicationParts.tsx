import { Anchor, Card, List, SimpleGrid, Stack, Table, Text, ThemeIcon, Timeline, Title, VisuallyHidden } from "@mantine/core";
import { useId } from "react";
import { labelOf, NETWORK_LABELS } from "../auth/labels";
import { formatDayTime } from "../components/format";
import { TableScroll } from "../components/TableScroll";
import type { ApplicationFieldsFragment } from "../gql/graphql";
import { describeApplicationEvent, fieldId, formatBytes, SCOPE_LABELS } from "./labels";

type Application = ApplicationFieldsFragment;

/** The review's steps, oldest first (`data-testid="application-timeline"`). */
export function ApplicationTimeline({ application }: { application: Pick<Application, "timeline"> }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        Historique
      </Title>
      <Timeline
        active={application.timeline.length - 1}
        bulletSize={16}
        lineWidth={2}
        data-testid="application-timeline"
      >
        {application.timeline.map((event, index) => (
          <Timeline.Item key={`${event.occurredAt}-${index}`} title={describeApplicationEvent(event)}>
            <Text size="sm">
              {formatDayTime(event.occurredAt)} · {event.actorLabel}
            </Text>
            {event.message && (
              <Text size="sm" fs="italic" style={{ whiteSpace: "pre-line" }}>
                {event.toStatus === "REJECTED" ? "Motifs : " : ""}
                {event.message}
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </section>
  );
}

/**
 * What submission still lacks, as a checklist: each entry links to its field
 * when the form shows it (`linkFields`).
 */
export function MissingChecklist({
  missing,
  linkFields = false,
  title = "Avant de déposer",
}: {
  missing: Application["missing"];
  linkFields?: boolean;
  title?: string;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} data-testid="missing-checklist" data-count={missing.length}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        {title}
      </Title>
      {missing.length === 0 ? (
        <Text data-testid="missing-none">
          <ThemeIcon component="span" size="sm" color="#1e6b30" radius="xl" mr={6} aria-hidden="true">
            ✓
          </ThemeIcon>
          Le dossier est complet : il peut être déposé.
        </Text>
      ) : (
        <>
          <Text size="sm" mb="xs">
            {missing.length === 1 ? "Il reste 1 élément à compléter :" : `Il reste ${missing.length} éléments à compléter :`}
          </Text>
          <List spacing={4} size="sm" listStyleType="none">
            {missing.map((item, index) => (
              <List.Item key={`${item.field ?? ""}-${index}`} data-field={item.field ?? ""}>
                <span aria-hidden="true">☐ </span>
                {linkFields && item.field ? <Anchor href={`#${fieldId(item.field)}`}>{item.message}</Anchor> : item.message}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </section>
  );
}

/** Applicant, sites with their evaluators and documents, read-only. */
export function ApplicationSummary({ application }: { application: Application }) {
  const sitesHeading = useId();
  const documentsHeading = useId();
  const declarationsHeading = useId();
  const documents = new Map(application.documents.map((d) => [d.requirementKey, d]));
  return (
    <Stack gap="lg">
      <SimpleGrid component="dl" cols={{ base: 1, sm: 3 }} spacing="sm" m={0} data-testid="applicant">
        <Fact term="Organisme" detail={application.organisationName} />
        <Fact term="SIREN" detail={application.organisationSiren ?? "—"} />
        <Fact term="Réseau national" detail={labelOf(NETWORK_LABELS, application.network)} />
      </SimpleGrid>

      <section aria-labelledby={sitesHeading}>
        <Title order={2} size="h3" id={sitesHeading} mb="sm">
          Établissements et évaluateurs
        </Title>
        {application.sites.length === 0 ? (
          <Text>Aucun établissement déclaré.</Text>
        ) : (
          <Stack gap="sm">
            {application.sites.map((site, index) => (
              <Card key={`${site.siret}-${index}`} withBorder padding="md" component="article" aria-label={`Établissement ${site.name || `n° ${index + 1}`}`} data-site={site.siret}>
                <Stack gap={4}>
                  <Text fw={700}>
                    {site.name || `Établissement n° ${index + 1}`}{" "}
                    <Text span ff="monospace" size="sm">
                      {site.siret || "SIRET non renseigné"}
                    </Text>
                  </Text>
                  <Text size="sm">
                    {[site.addressLine, [site.postalCode, site.city].filter(Boolean).join(" "), site.region]
                      .filter(Boolean)
                      .join(", ") || "Adresse non renseignée"}
                  </Text>
                  <Text size="sm">
                    Contact : {[site.contactEmail, site.contactPhone].filter(Boolean).join(" · ") || "—"}
                  </Text>
                  <Text size="sm" data-testid="site-scope">
                    Habilitation demandée : {SCOPE_LABELS[site.scope].toLowerCase()}
                  </Text>
                  {site.trainers.length > 0 && (
                    <Text size="sm">
                      Formateurs désignés :{" "}
                      {site.trainers
                        .map((t) => [t.fullName, t.email, t.qualifications].filter(Boolean).join(", "))
                        .join(" ; ")}
                    </Text>
                  )}
                  {site.evaluators.length === 0 ? (
                    <Text size="sm">Aucun évaluateur désigné.</Text>
                  ) : (
                    <TableScroll minWidth={520} label={`Évaluateurs de ${site.name || site.siret}`}>
                      <Table withTableBorder aria-label={`Évaluateurs de ${site.name || site.siret}`}>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th scope="col">Évaluateur</Table.Th>
                            <Table.Th scope="col">Adresse e-mail</Table.Th>
                            <Table.Th scope="col">Qualifications</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {site.evaluators.map((evaluator, position) => (
                            <Table.Tr key={`${evaluator.email}-${position}`}>
                              <Table.Td>{evaluator.fullName || "—"}</Table.Td>
                              <Table.Td>{evaluator.email || "—"}</Table.Td>
                              <Table.Td style={{ whiteSpace: "pre-line" }}>{evaluator.qualifications || "—"}</Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </TableScroll>
                  )}
                </Stack>
              </Card>
            ))}
          </Stack>
        )}
      </section>

      <section aria-labelledby={documentsHeading}>
        <Title order={2} size="h3" id={documentsHeading} mb="sm">
          Pièces justificatives
        </Title>
        <List spacing="xs" data-testid="application-documents">
          {application.campaign.requiredDocuments.map((requirement) => {
            const document = documents.get(requirement.key);
            return (
              <List.Item key={requirement.key} data-document={requirement.key}>
                <Text span fw={700}>
                  {requirement.label}
                </Text>
                {requirement.mandatory ? "" : " (facultative)"} :{" "}
                {document ? (
                  <>
                    <Anchor href={document.downloadUrl} target="_blank" rel="noopener">
                      {document.filename}
                      <VisuallyHidden> (PDF, nouvel onglet)</VisuallyHidden>
                    </Anchor>{" "}
                    ({formatBytes(document.size)}, déposé le {formatDayTime(document.uploadedAt)})
                  </>
                ) : (
                  "non fournie"
                )}
              </List.Item>
            );
          })}
        </List>
      </section>

      <section aria-labelledby={declarationsHeading}>
        <Title order={2} size="h3" id={declarationsHeading} mb="sm">
          Déclarations sur l’honneur
        </Title>
        <List spacing={4} size="sm" listStyleType="none">
          {application.declarations.map((declaration) => (
            <List.Item key={declaration.key} data-declaration={declaration.key} data-checked={declaration.checked}>
              {declaration.checked ? "☑ " : "☐ "}
              {declaration.text}
              {declaration.checked ? "" : " (non cochée)"}
            </List.Item>
          ))}
        </List>
      </section>
    </Stack>
  );
}

function Fact({ term, detail }: { term: string; detail: string }) {
  return (
    <div>
      <Text component="dt" fw={700} size="sm">
        {term}
      </Text>
      <Text component="dd" m={0}>
        {detail || "—"}
      </Text>
    </div>
  );
}
