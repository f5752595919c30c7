import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  List,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { useViewer } from "../../auth/session";
import { pageTitle } from "../../branding";
import { formatDay } from "../../components/format";
import { LoadingState } from "../../components/LoadingState";
import { OperationError } from "../../components/OperationError";
import type { EvaluationQuery as EvaluationData } from "../../gql/graphql";
import type { FlatItem, TreeNode } from "../../referentiel/tree";
import { EvaluationQuery } from "./documents";
import { DossierQuery, PathwayChoicesQuery, PathwayReferentielQuery } from "../documents";
import { candidateName, EVALUATION_KIND_LABELS } from "../labels";
import { canEvaluate, canReadStaff, canStartEvaluation } from "../permissions";
import {
  itemLabel,
  leavesOf,
  parseOutcome,
  progressLabel,
  scaleFrom,
  targetTree,
  titlesByCode,
  type ResultScale,
} from "../referentiel";
import { staffName, useStaff } from "../staff";
import { storageKey, type ResultEntry } from "./autosave";
import { DomainNav, GridItems, type GridItemState } from "./GridItems";
import classes from "./Grid.module.css";
import { minutesBetween, PlanSessionModal } from "./PlanSessionModal";
import { ProfessionalContextSection } from "./ProfessionalContext";
import { CloseEvaluationModal } from "./CloseEvaluationModal";
import { SaveStatus } from "./SaveStatus";
import { SessionsSection } from "./SessionsSection";
import { entriesOf, useGridAutosave } from "./useGridAutosave";

type EvaluationData_ = Extract<EvaluationData["evaluation"], { __typename: "Evaluation" }>;

/**
 * `/evaluations/:id?dossier=<dossier id>`: the evaluation grid. The dossier
 * (from the link, else `Evaluation.dossierId`) gives the certification, hence
 * the référentiel titles and the result scale (`Certification.scale`).
 */
export function EvaluationGridPage() {
  const { id = "" } = useParams();
  const [searchParams] = useSearchParams();
  const [evaluationResult, reexecuteEvaluation] = useQuery({ query: EvaluationQuery, variables: { id } });
  const answer = evaluationResult.data?.evaluation;
  const evaluation = answer?.__typename === "Evaluation" ? answer : null;
  const dossierId = searchParams.get("dossier") ?? evaluation?.dossierId ?? "";
  const [dossierResult] = useQuery({
    query: DossierQuery,
    variables: { id: dossierId },
    pause: !dossierId,
  });
  const dossierAnswer = dossierResult.data?.dossier;
  const dossier = dossierAnswer?.__typename === "Dossier" ? dossierAnswer : null;
  const code = dossier?.certificationCode ?? "";
  const [referentielResult] = useQuery({
    query: PathwayReferentielQuery,
    variables: { code },
    pause: !code,
  });
  const [choicesResult, reexecuteChoices] = useQuery({ query: PathwayChoicesQuery });

  const referentiel = referentielResult.data?.referentiel;
  const version = referentiel?.__typename === "ReferentielVersion" ? referentiel : null;
  const kindLabel = evaluation ? EVALUATION_KIND_LABELS[evaluation.kind] : "Évaluation";
  const name = dossier ? candidateName(dossier.candidate) : null;
  useDocumentTitle(pageTitle(name ? `${kindLabel} · ${name}` : kindLabel));

  const reload = useCallback(
    () => reexecuteEvaluation({ requestPolicy: "network-only" }),
    [reexecuteEvaluation],
  );

  if (evaluationResult.fetching && !evaluationResult.data) {
    return <LoadingState label="Chargement de l’évaluation…" skeletons={4} />;
  }
  if (evaluationResult.error && !evaluationResult.data) {
    return (
      <OperationError message="Impossible de charger l’évaluation." error={evaluationResult.error} onRetry={reload} />
    );
  }
  if (!evaluation) {
    return (
      <Stack gap="md">
        <Title order={1}>Évaluation introuvable</Title>
        <Text>Cette évaluation n’existe pas ou n’appartient pas à l’organisation active.</Text>
        <Anchor component={Link} to="/dossiers">
          Retour aux dossiers
        </Anchor>
      </Stack>
    );
  }
  const waitingForReferentiel =
    (dossierId && dossierResult.fetching && !dossierResult.data) ||
    (code && referentielResult.fetching && !referentielResult.data) ||
    (choicesResult.fetching && !choicesResult.data);
  if (waitingForReferentiel) return <LoadingState label="Chargement du référentiel…" skeletons={4} />;

  const certification = choicesResult.data?.certifications.find((c) => c.code === code);
  const limits = certification?.limits;
  const scale = scaleFrom(certification?.scale);
  if (!scale) {
    if (choicesResult.error) {
      return (
        <OperationError
          message="Impossible de charger l’échelle de résultats de la certification."
          error={choicesResult.error}
          onRetry={() => reexecuteChoices({ requestPolicy: "network-only" })}
        />
      );
    }
    return (
      <Alert color="red" variant="light" title="Grille indisponible" role="alert" data-testid="scale-missing">
        <Text size="sm">
          {code
            ? `L’échelle de résultats de la certification « ${code} » est inconnue : l’extension qui la fournit n’est peut-être plus installée.`
            : "Le dossier de cette évaluation est introuvable : ouvrez la grille depuis la page du dossier."}
        </Text>
      </Alert>
    );
  }
  return (
    <GridEditor
      key={evaluation.id}
      evaluation={evaluation}
      fetching={evaluationResult.fetching}
      onReload={reload}
      dossier={dossier && dossier.evaluations.some((e) => e.id === evaluation.id) ? dossier : null}
      certificationTitle={certification?.title ?? code}
      items={version?.items ?? null}
      leafLevelName={version?.levels.at(-1)?.name ?? "critère"}
      scale={scale}
      sites={choicesResult.data?.sites ?? []}
      maxMinutes={
        limits
          ? evaluation.kind === "INITIAL"
            ? limits.initialEvaluationMaxMinutes
            : limits.finalEvaluationMaxMinutes
          : undefined
      }
      referentielMissing={!version}
    />
  );
}

interface GridEditorProps {
  evaluation: EvaluationData_;
  fetching: boolean;
  onReload: () => void;
  dossier: { id: string; siteId: string; candidate: Parameters<typeof candidateName>[0] } | null;
  certificationTitle: string;
  items: readonly FlatItem[] | null;
  leafLevelName: string;
  scale: ResultScale;
  sites: readonly { id: string; name: string }[];
  maxMinutes?: number;
  referentielMissing: boolean;
}

function GridEditor({
  evaluation,
  fetching,
  onReload,
  dossier,
  certificationTitle,
  items,
  leafLevelName,
  scale,
  sites,
  maxMinutes,
  referentielMissing,
}: GridEditorProps) {
  const { viewer } = useViewer();
  const navigate = useNavigate();
  const open = evaluation.status === "OPEN";
  const editable = open && canEvaluate(viewer);
  const { store, snapshot } = useGridAutosave({
    evaluationId: evaluation.id,
    revision: evaluation.revision,
    results: evaluation.results,
    enabled: editable,
  });

  // A closed evaluation keeps nothing to send.
  useEffect(() => {
    if (!open) {
      try {
        window.sessionStorage.removeItem(storageKey(evaluation.id));
      } catch {
        // storage unavailable
      }
    }
  }, [open, evaluation.id]);

  // "Recharger": once fresh data arrives, hand it to the store.
  const [reloadFrom, setReloadFrom] = useState<EvaluationData_ | null>(null);
  useEffect(() => {
    if (reloadFrom && evaluation !== reloadFrom && !fetching) {
      store.reload(evaluation.revision, entriesOf(evaluation.results));
      setReloadFrom(null);
    }
  }, [evaluation, reloadFrom, fetching, store]);
  const reload = () => {
    setReloadFrom(evaluation);
    onReload();
  };

  const titles = useMemo(() => titlesByCode(items), [items]);
  const tree = useMemo(() => targetTree(items ?? [], evaluation.targetItems), [items, evaluation.targetItems]);
  const leaves = useMemo(() => tree.flatMap(leavesOf), [tree]);

  const conflictSet = useMemo(() => new Set(snapshot.conflictItems), [snapshot.conflictItems]);
  const errorSet = useMemo(() => new Set(snapshot.errorItems), [snapshot.errorItems]);
  const stateOf = useCallback(
    (code: string): GridItemState => ({
      entry: snapshot.pending[code] ?? snapshot.base[code] ?? EMPTY_ENTRY,
      pending: code in snapshot.pending,
      conflict: conflictSet.has(code),
      invalid: errorSet.has(code),
      discarded: snapshot.discarded[code],
    }),
    [snapshot, conflictSet, errorSet],
  );
  const filled = leaves.filter((leaf) => stateOf(leaf.code).entry.value !== "").length;

  const onChange = useCallback((code: string, patch: Partial<ResultEntry>) => store.edit(code, patch), [store]);

  // « Tout acquis » on a domain or sub-domain: its criteria without a result, at once;
  // the last such change can be undone.
  const acquiredValue = scale.kind === "choice" ? scale.choices.find((c) => c.acquired)?.value : undefined;
  const [lastMarked, setLastMarked] = useState<{ label: string; before: Record<string, ResultEntry> } | null>(null);
  const onMarkAcquired = useCallback(
    (node: TreeNode) => {
      if (!acquiredValue) return;
      const before: Record<string, ResultEntry> = {};
      const patches: Record<string, Partial<ResultEntry>> = {};
      for (const leaf of leavesOf(node)) {
        const entry = store.entry(leaf.code);
        if (entry.value !== "") continue;
        before[leaf.code] = entry;
        patches[leaf.code] = { value: acquiredValue };
      }
      const count = Object.keys(patches).length;
      if (count === 0) return;
      store.editMany(patches);
      const what = node.depth <= 1 ? "du domaine" : "du sous-domaine";
      setLastMarked({
        label: `${count} ${count > 1 ? "critères" : "critère"} ${what} ${node.code} ${count > 1 ? "marqués" : "marqué"} « acquis ».`,
        before,
      });
    },
    [acquiredValue, store],
  );
  const undoMarked = () => {
    if (!lastMarked) return;
    store.editMany(lastMarked.before);
    setLastMarked(null);
  };
  const missingCodes = leaves.filter((leaf) => stateOf(leaf.code).entry.value === "").map((leaf) => leaf.code);
  const focusCriterion = (code: string) => {
    const item = document.querySelector<HTMLElement>(`li[data-item="${CSS.escape(code)}"]`);
    item?.scrollIntoView({ block: "center" });
    item?.querySelector<HTMLElement>("input, textarea, button")?.focus();
  };
  // The criterion last worked on (focus inside it): « suivant » starts after it.
  const lastItem = useRef<string | null>(null);
  const onGridFocus = (event: React.FocusEvent<HTMLElement>) => {
    const code = event.target.closest("li[data-item]")?.getAttribute("data-item");
    if (code) lastItem.current = code;
  };
  const nextMissing = () => {
    const current = lastItem.current;
    const from = current ? leaves.findIndex((leaf) => leaf.code === current) : -1;
    const next =
      leaves.slice(from + 1).find((leaf) => stateOf(leaf.code).entry.value === "") ??
      leaves.find((leaf) => stateOf(leaf.code).entry.value === "");
    if (next) focusCriterion(next.code);
  };
  const onRestore = useCallback((code: string) => store.restoreDiscarded(code), [store]);
  const onDismiss = useCallback((code: string) => store.dismissDiscarded(code), [store]);

  const [planning, setPlanning] = useState(false);
  const [closing, setClosing] = useState(false);
  const plannedMinutes = evaluation.sessions.reduce((sum, s) => sum + minutesBetween(s.startsAt, s.endsAt), 0);
  const kindLabel = EVALUATION_KIND_LABELS[evaluation.kind];
  const outcome = parseOutcome(evaluation.outcome);
  const discardedCount = Object.keys(snapshot.discarded).length;
  const siteName = (siteId: string) => sites.find((s) => s.id === siteId)?.name ?? "—";
  const { staff } = useStaff("EVALUATOR", { pause: !canReadStaff(viewer) });
  const evaluatorName = (userId: string) =>
    userId === viewer?.user?.id ? "Vous" : (staffName(staff, userId) ?? "Évaluateur hors de la liste");

  return (
    <Stack gap="lg">
      <Breadcrumbs component="nav" aria-label="Fil d’Ariane" separator="›">
        <Anchor component={Link} to="/dossiers">
          Dossiers
        </Anchor>
        {dossier && (
          <Anchor component={Link} to={`/dossiers/${dossier.id}`}>
            {candidateName(dossier.candidate)}
          </Anchor>
        )}
        <Text span aria-current="page">
          {kindLabel}
        </Text>
      </Breadcrumbs>
      <div>
        <Title order={1}>{kindLabel}</Title>
        <Text mt={4}>
          {dossier && (
            <>
              Candidat : <strong>{candidateName(dossier.candidate)}</strong> ·{" "}
            </>
          )}
          {certificationTitle && <>Certification : {certificationTitle} · </>}
          {open ? "En cours" : `Close le ${formatDay(evaluation.closedAt)}`}
        </Text>
        <Text size="sm" mt={4} data-testid="scale-summary">
          {scale.summary}
        </Text>
      </div>

      {referentielMissing && (
        <Alert color="warning" variant="light" title="Intitulés indisponibles">
          <Text size="sm">
            Ouvrez la grille depuis la page du dossier pour afficher les intitulés du référentiel ; les critères sont
            présentés par leur code.
          </Text>
        </Alert>
      )}

      {!open && outcome && (
        <Alert
          color={outcome.eligible ? "green" : "warning"}
          variant="light"
          title={outcome.eligible ? "Tout est acquis" : "Des critères restent à acquérir"}
          data-testid="evaluation-outcome"
        >
          {outcome.eligible ? (
            <Text size="sm">Le dossier peut être présenté au jury.</Text>
          ) : (
            <List size="sm">
              {outcome.gaps.map((code) => (
                <List.Item key={code}>{itemLabel(code, titles)}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {open && !editable && (
        <Alert color="blue" variant="light" title="Lecture seule">
          <Text size="sm">Seuls les évaluateurs de l’organisation saisissent les résultats.</Text>
        </Alert>
      )}

      <div className={classes.toolbar} data-testid="grid-toolbar">
        <Group justify="space-between" gap="sm">
          <Group gap="md">
            {editable && <SaveStatus snapshot={snapshot} />}
            {editable && snapshot.status === "offline" && (
              <Button size="compact-sm" variant="default" onClick={store.retryNow}>
                Réessayer maintenant
              </Button>
            )}
            {editable && snapshot.status === "conflict" && (
              <Button size="compact-sm" color="red.9" onClick={reload} loading={reloadFrom !== null}>
                Recharger
              </Button>
            )}
            <Text fw={600} data-testid="grid-progress">
              {progressLabel(filled, leaves.length, leafLevelName)}
            </Text>
            {editable && missingCodes.length > 0 && (
              <Button size="compact-sm" variant="default" onClick={nextMissing}>
                Critère manquant suivant
              </Button>
            )}
          </Group>
          <Group gap="sm">
            {open && canStartEvaluation(viewer) && (
              <Button variant="default" onClick={() => setPlanning(true)}>
                Planifier une séance
              </Button>
            )}
            {editable && (
              <Button onClick={() => setClosing(true)} aria-describedby={missingCodes.length > 0 ? "grille-manquants" : undefined}>
                Clore l’évaluation
              </Button>
            )}
            {editable && missingCodes.length > 0 && (
              <Text size="sm" id="grille-manquants" data-testid="missing-count">
                {missingCodes.length === 1 ? "1 critère sans résultat" : `${missingCodes.length} critères sans résultat`}
              </Text>
            )}
            {!open && dossier && (
              <Button component={Link} to={`/dossiers/${dossier.id}`} variant="default">
                Retour au dossier
              </Button>
            )}
          </Group>
        </Group>
      </div>

      {editable && lastMarked && (
        <Alert color="blue" variant="light" role="status" data-testid="marked-acquired">
          <Group gap="sm">
            <Text size="sm">{lastMarked.label}</Text>
            <Button size="compact-sm" variant="default" onClick={undoMarked}>
              Annuler
            </Button>
            <Button size="compact-sm" variant="subtle" color="dark" onClick={() => setLastMarked(null)}>
              Masquer
            </Button>
          </Group>
        </Alert>
      )}
      {editable && snapshot.status === "conflict" && (
        <Alert color="red" variant="light" title="Conflit : la grille a été modifiée par quelqu’un d’autre" role="alert" data-testid="grid-conflict">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              Rien n’a été enregistré. Vos saisies restent affichées. Critères modifiés entre-temps :
            </Text>
            <List size="sm" data-testid="conflict-items">
              {snapshot.conflictItems.map((code) => (
                <List.Item key={code}>{itemLabel(code, titles)}</List.Item>
              ))}
            </List>
            <Text size="sm">
              Rechargez la grille (bouton « Recharger » en haut de la grille) : vos autres saisies seront enregistrées,
              et vous pourrez rétablir les vôtres sur ces items.
            </Text>
          </Stack>
        </Alert>
      )}
      {editable && snapshot.status === "error" && (
        <Alert color="red" variant="light" title="Échec de l’enregistrement" role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{snapshot.message}</Text>
            {snapshot.errorItems.length > 0 && (
              <List size="sm">
                {snapshot.errorItems.map((code) => (
                  <List.Item key={code}>{itemLabel(code, titles)}</List.Item>
                ))}
              </List>
            )}
            <Text size="sm">Vos saisies restent affichées ; corrigez-les ou réessayez.</Text>
            <Button color="red.9" onClick={store.retryNow}>
              Réessayer
            </Button>
          </Stack>
        </Alert>
      )}
      {editable && discardedCount > 0 && (
        <Alert color="blue" variant="light" title="Saisies remplacées">
          <Text size="sm">
            {discardedCount === 1
              ? "Une de vos saisies a été remplacée par celle d’une autre personne : vous pouvez la rétablir ci-dessous."
              : `${discardedCount} de vos saisies ont été remplacées par celles d’une autre personne : vous pouvez les rétablir ci-dessous.`}
          </Text>
        </Alert>
      )}

      <ProfessionalContextSection
        evaluationId={evaluation.id}
        value={evaluation.professionalContext}
        editable={open && (canStartEvaluation(viewer) || canEvaluate(viewer))}
        onSaved={onReload}
      />

      <SessionsSection
        sessions={evaluation.sessions}
        plannedMinutes={plannedMinutes}
        maxMinutes={maxMinutes}
        siteName={siteName}
        evaluatorName={evaluatorName}
      />

      <DomainNav tree={tree} stateOf={stateOf} leafLevelName={leafLevelName} />
      <div data-testid="evaluation-grid" onFocus={onGridFocus}>
        <GridItems
          tree={tree}
          scale={scale}
          stateOf={stateOf}
          leafLevelName={leafLevelName}
          readOnly={!editable}
          onChange={onChange}
          onRestore={onRestore}
          onDismiss={onDismiss}
          onMarkAcquired={editable && acquiredValue ? onMarkAcquired : undefined}
        />
      </div>

      <PlanSessionModal
        opened={planning}
        onClose={() => setPlanning(false)}
        onPlanned={() => {
          setPlanning(false);
          onReload();
        }}
        evaluationId={evaluation.id}
        sites={sites}
        defaultSiteId={dossier?.siteId}
        defaultEvaluatorId={viewer?.activeRoles.includes("EVALUATOR") ? viewer.user?.id : undefined}
        plannedMinutes={plannedMinutes}
        maxMinutes={maxMinutes}
      />
      <CloseEvaluationModal
        opened={closing}
        onClose={() => setClosing(false)}
        evaluationId={evaluation.id}
        kindLabel={kindLabel}
        missing={missingCodes}
        titles={titles}
        onGoTo={(code) => {
          setClosing(false);
          // After the dialog gives the focus back.
          window.setTimeout(() => focusCriterion(code), 0);
        }}
        whenSettled={() => store.whenSettled()}
        onClosed={() => {
          try {
            window.sessionStorage.removeItem(storageKey(evaluation.id));
          } catch {
            // storage unavailable
          }
          setClosing(false);
          if (dossier) {
            void navigate(`/dossiers/${dossier.id}`, { state: { closedEvaluation: evaluation.id } });
          } else {
            onReload();
          }
        }}
      />
    </Stack>
  );
}

const EMPTY_ENTRY: ResultEntry = { value: "", comment: "" };
