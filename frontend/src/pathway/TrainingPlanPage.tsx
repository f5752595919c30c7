import { Alert, Anchor, Breadcrumbs, Group, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { useViewer } from "../auth/session";
import { pageTitle } from "../branding";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { PathwayReferentielQuery } from "./documents";
import { TrainingPlanQuery } from "./training/documents";
import { candidateName } from "./labels";
import { canEditTrainingPlan } from "./permissions";
import { StatusBadge } from "./StatusBadge";
import { NoPlan } from "./training/NoPlan";
import { PlanForm } from "./training/PlanForm";
import { ProgressSection } from "./training/ProgressSection";

/**
 * `/dossiers/:id/plan`: the individual training plan, and the training done. Its parts
 * live in `training/`: building the plan (`NoPlan`), editing it (`PlanForm` and its
 * sections), following it (`ProgressSection`, `ProgressForm`).
 */
export function TrainingPlanPage() {
  const { id = "" } = useParams();
  const { viewer } = useViewer();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TrainingPlanQuery,
    variables: { id },
    requestPolicy: "cache-and-network",
  });
  const answer = data?.dossier;
  const dossier = answer?.__typename === "Dossier" ? answer : null;
  const code = dossier?.certificationCode ?? "";
  const [{ data: referentielData }] = useQuery({
    query: PathwayReferentielQuery,
    variables: { code },
    pause: !code,
  });
  const referentiel = referentielData?.referentiel;
  const items = referentiel?.__typename === "ReferentielVersion" ? referentiel.items : null;
  const name = dossier ? candidateName(dossier.candidate) : "Dossier";
  useDocumentTitle(pageTitle(`Plan de formation · ${name}`));
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const [saved, setSaved] = useState(false);

  if (fetching && !data) return <LoadingState label="Chargement du plan de formation…" skeletons={3} />;
  if (error && !data) {
    return <OperationError message="Impossible de charger le plan de formation." error={error} onRetry={refetch} />;
  }
  if (!dossier) {
    return (
      <Stack gap="md">
        <Title order={1}>Dossier introuvable</Title>
        <Anchor component={Link} to="/dossiers">
          Retour aux dossiers
        </Anchor>
      </Stack>
    );
  }
  const editable = canEditTrainingPlan(viewer) && dossier.status === "TRAINING";
  const plan = dossier.trainingPlan;

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Breadcrumbs component="nav" aria-label="Fil d’Ariane" separator="›">
          <Anchor component={Link} to="/dossiers">
            Dossiers
          </Anchor>
          <Anchor component={Link} to={`/dossiers/${dossier.id}`}>
            {name}
          </Anchor>
          <Text span aria-current="page">
            Plan de formation
          </Text>
        </Breadcrumbs>
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={1}>Plan de formation</Title>
            <Text mt={4}>
              Candidat : <strong>{name}</strong>
              {dossier.windowEndsOn && <> · à terminer avant le {formatDay(dossier.windowEndsOn)}</>}
            </Text>
          </div>
          <StatusBadge status={dossier.status} size="lg" />
        </Group>
        {!editable && plan && (
          <Alert color="blue" variant="light" title="Lecture seule">
            <Text size="sm">
              {dossier.status === "TRAINING"
                ? "Seuls les formateurs, conseillers et administrateurs modifient le plan."
                : "Le dossier n’est plus en formation : le plan ne se modifie plus."}
            </Text>
          </Alert>
        )}
      </Stack>

      {!plan ? (
        <NoPlan dossierId={dossier.id} editable={editable} onCreated={refetch} />
      ) : (
        <>
          {saved && (
            <Alert color="green" variant="light" role="status" title="Plan enregistré">
              <Text size="sm">Le plan de formation a été enregistré.</Text>
            </Alert>
          )}
          <PlanForm
            key={`${plan.id}-${plan.revision}`}
            plan={plan}
            dossier={dossier}
            items={items}
            editable={editable}
            onSaved={() => {
              setSaved(true);
              refetch();
            }}
            onEdited={() => setSaved(false)}
            onReload={refetch}
          />
          <ProgressSection plan={plan} items={items} editable={editable} onRecorded={refetch} />
        </>
      )}
    </Stack>
  );
}
