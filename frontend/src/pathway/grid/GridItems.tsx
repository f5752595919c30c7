import { Anchor, Badge, Button, Group, NumberInput, Paper, Stack, Text, Textarea, Title, VisuallyHidden } from "@mantine/core";
import { memo, useId, useState } from "react";
import { ProvisionalBadge } from "../../referentiel/ProvisionalBadge";
import type { TreeNode } from "../../referentiel/tree";
import { isAcquired, leavesOf, parsePercent, progressLabel, valueLabel, type ResultScale } from "../referentiel";
import type { ResultEntry } from "./autosave";
import classes from "./Grid.module.css";

export interface GridItemState {
  entry: ResultEntry;
  /** Changed by someone else (conflict). */
  conflict: boolean;
  /** Refused by the server (invalid value…). */
  invalid: boolean;
  /** Local value not yet acknowledged. */
  pending: boolean;
  /** The user's value, replaced by someone else's after a conflict. */
  discarded?: ResultEntry;
}

export interface GridHandlers {
  onChange: (code: string, patch: Partial<ResultEntry>) => void;
  onRestore: (code: string) => void;
  onDismiss: (code: string) => void;
  /** Marks « acquis » every criterion without a result under a domain or sub-domain
   * (absent: the scale has no such choice, or the grid is read-only). */
  onMarkAcquired?: (node: TreeNode) => void;
}

interface GridItemsProps extends GridHandlers {
  tree: readonly TreeNode[];
  scale: ResultScale;
  stateOf: (code: string) => GridItemState;
  /** Name of the evaluated level ("critère"), for progress labels. */
  leafLevelName: string;
  readOnly: boolean;
}

export function domainAnchor(code: string): string {
  return `grille-${code.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** Number of leaves under `node` that have a value. */
export function countFilled(node: TreeNode, stateOf: (code: string) => GridItemState): [number, number] {
  const leaves = leavesOf(node);
  return [leaves.filter((leaf) => stateOf(leaf.code).entry.value !== "").length, leaves.length];
}

/** Number of leaves under `node` without a value. */
export function missingUnder(node: TreeNode, stateOf: (code: string) => GridItemState): number {
  const [done, total] = countFilled(node, stateOf);
  return total - done;
}

/**
 * The grid: one section per domain (with its progress), sub-levels as
 * headings, one row per evaluated item with its result control.
 */
export function GridItems({ tree, scale, stateOf, leafLevelName, readOnly, ...handlers }: GridItemsProps) {
  const flat = tree.every((node) => node.children.length === 0);
  if (flat) {
    return (
      <section aria-labelledby="grille-items" className={classes.domain}>
        <Title order={2} size="h3" id="grille-items" mb="xs">
          Critères évalués
        </Title>
        <ItemList nodes={tree} scale={scale} stateOf={stateOf} readOnly={readOnly} {...handlers} />
      </section>
    );
  }
  return (
    <Stack gap="lg">
      {tree.map((node) => (
        <DomainSection
          key={node.code}
          node={node}
          scale={scale}
          stateOf={stateOf}
          leafLevelName={leafLevelName}
          readOnly={readOnly}
          {...handlers}
        />
      ))}
    </Stack>
  );
}

/** Links to each domain with its progress (keyboard shortcut through a long grid). */
export function DomainNav({
  tree,
  stateOf,
  leafLevelName,
}: {
  tree: readonly TreeNode[];
  stateOf: (code: string) => GridItemState;
  leafLevelName: string;
}) {
  if (tree.every((node) => node.children.length === 0)) return null;
  return (
    <nav aria-label="Domaines de la grille">
      <ul className={classes.domainNav}>
        {tree.map((node) => {
          const [done, total] = countFilled(node, stateOf);
          return (
            <li key={node.code}>
              <Anchor href={`#${domainAnchor(node.code)}`} size="sm" fw={600}>
                {node.code} {node.title}
              </Anchor>{" "}
              <Text span size="sm">
                ({progressLabel(done, total, leafLevelName)})
              </Text>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

interface SectionProps extends GridHandlers {
  node: TreeNode;
  scale: ResultScale;
  stateOf: (code: string) => GridItemState;
  leafLevelName: string;
  readOnly: boolean;
}

function DomainSection({ node, scale, stateOf, leafLevelName, readOnly, ...handlers }: SectionProps) {
  const headingId = `${domainAnchor(node.code)}-titre`;
  const [done, total] = countFilled(node, stateOf);
  return (
    <Paper
      component="section"
      withBorder
      p="md"
      id={domainAnchor(node.code)}
      className={classes.domain}
      aria-labelledby={headingId}
      data-domain={node.code}
    >
      <Group justify="space-between" align="baseline" gap="xs" mb="xs">
        <Title order={2} size="h3" id={headingId}>
          <span className={classes.code}>{node.code}</span> {node.title}
        </Title>
        <Group gap="xs">
          <Badge
            variant="filled"
            color={done === total ? "#1e6b30" : "gray.8"}
            tt="none"
            size="lg"
            data-testid={`progress-${node.code}`}
          >
            {progressLabel(done, total, leafLevelName)}
          </Badge>
          <MarkAcquired node={node} what="domaine" missing={total - done} onMarkAcquired={handlers.onMarkAcquired} />
        </Group>
      </Group>
      <Branch node={node} scale={scale} stateOf={stateOf} readOnly={readOnly} {...handlers} />
    </Paper>
  );
}

interface BranchProps extends GridHandlers {
  node: TreeNode;
  scale: ResultScale;
  stateOf: (code: string) => GridItemState;
  readOnly: boolean;
}

/** Children of a node: leaves as a list, sub-branches under their own heading. */
function Branch({ node, scale, stateOf, readOnly, ...handlers }: BranchProps) {
  const leaves = node.children.filter((child) => child.children.length === 0);
  const branches = node.children.filter((child) => child.children.length > 0);
  const order = Math.min(node.depth + 2, 6) as 3 | 4 | 5 | 6;
  return (
    <Stack gap="sm">
      {leaves.length > 0 && (
        <ItemList nodes={leaves} scale={scale} stateOf={stateOf} readOnly={readOnly} {...handlers} />
      )}
      {branches.map((child) => (
        <div key={child.code} data-branch={child.code}>
          <Group justify="space-between" align="baseline" gap="xs" mt="xs">
            <Title order={order} size="h4">
              <span className={classes.code}>{child.code}</span> {child.title}
            </Title>
            <MarkAcquired
              node={child}
              what="sous-domaine"
              missing={missingUnder(child, stateOf)}
              onMarkAcquired={handlers.onMarkAcquired}
            />
          </Group>
          <Branch node={child} scale={scale} stateOf={stateOf} readOnly={readOnly} {...handlers} />
        </div>
      ))}
    </Stack>
  );
}

/** « Tout acquis » for the criteria of a domain or sub-domain that have no result yet. */
function MarkAcquired({
  node,
  what,
  missing,
  onMarkAcquired,
}: {
  node: TreeNode;
  what: string;
  missing: number;
  onMarkAcquired?: (node: TreeNode) => void;
}) {
  if (!onMarkAcquired || missing === 0) return null;
  return (
    <Button size="compact-sm" variant="default" onClick={() => onMarkAcquired(node)}>
      Tout acquis{" "}
      <VisuallyHidden>
        : {missing > 1 ? `les ${missing} critères` : "le critère"} sans résultat du {what} {node.code}
      </VisuallyHidden>
    </Button>
  );
}

interface ItemListProps extends GridHandlers {
  nodes: readonly TreeNode[];
  scale: ResultScale;
  stateOf: (code: string) => GridItemState;
  readOnly: boolean;
}

function ItemList({ nodes, scale, stateOf, readOnly, ...handlers }: ItemListProps) {
  return (
    <ul className={classes.items}>
      {nodes.map((node) => {
        const state = stateOf(node.code);
        return (
          <GridItem
            key={node.code}
            code={node.code}
            title={node.title}
            provisional={node.provisional}
            scale={scale}
            entry={state.entry}
            conflict={state.conflict}
            invalid={state.invalid}
            pending={state.pending}
            discarded={state.discarded}
            readOnly={readOnly}
            {...handlers}
          />
        );
      })}
    </ul>
  );
}

interface GridItemProps extends GridHandlers {
  code: string;
  title: string;
  provisional: boolean;
  scale: ResultScale;
  entry: ResultEntry;
  conflict: boolean;
  invalid: boolean;
  pending: boolean;
  discarded?: ResultEntry;
  readOnly: boolean;
}

function acquiredLabel(acquired: boolean | null): string | undefined {
  if (acquired === null) return undefined;
  return acquired ? "Acquis" : "Non acquis";
}

/** One evaluated item: code, title, result control, optional comment. */
const GridItem = memo(function GridItem({
  code,
  title,
  provisional,
  scale,
  entry,
  conflict,
  invalid,
  pending,
  discarded,
  readOnly,
  onChange,
  onRestore,
  onDismiss,
}: GridItemProps) {
  const name = title && title !== code ? `${code} ${title}` : code;
  const commentId = useId();
  const [commentOpen, setCommentOpen] = useState(entry.comment !== "");
  const showComment = commentOpen || (readOnly && entry.comment !== "");
  return (
    <li
      className={classes.item}
      data-item={code}
      data-value={entry.value}
      data-pending={pending ? "true" : undefined}
      data-conflict={conflict ? "true" : undefined}
      data-invalid={invalid ? "true" : undefined}
    >
      <div className={classes.itemRow}>
        <div className={classes.itemTitle}>
          <Text span className={classes.code}>
            {code}
          </Text>
          <Text span>{title !== code ? title : ""}</Text> {provisional && <ProvisionalBadge />}
          {conflict && (
            <Text size="sm" c="red.9" fw={600}>
              Modifié par quelqu’un d’autre
            </Text>
          )}
          {invalid && (
            <Text size="sm" c="red.9" fw={600}>
              Valeur refusée par le serveur
            </Text>
          )}
        </div>
        {scale.kind === "choice" ? (
          <Group gap="xs" wrap="nowrap" align="center">
            <div role="radiogroup" aria-label={name} className={classes.choices}>
              {scale.choices.map((choice) => {
                const checked = entry.value === choice.value;
                return (
                  <label
                    key={choice.value}
                    className={classes.choice}
                    data-value={choice.value}
                    data-checked={checked ? "true" : "false"}
                    data-disabled={readOnly ? "true" : undefined}
                  >
                    <input
                      type="radio"
                      name={`resultat-${code}`}
                      value={choice.value}
                      checked={checked}
                      disabled={readOnly}
                      onChange={() => onChange(code, { value: choice.value })}
                    />
                    <span>{choice.label}</span>
                  </label>
                );
              })}
            </div>
            {!readOnly && entry.value !== "" && (
              <Button
                size="compact-sm"
                variant="subtle"
                color="dark"
                onClick={() => onChange(code, { value: "", comment: "" })}
              >
                Effacer{" "}<VisuallyHidden>le résultat de {code}</VisuallyHidden>
              </Button>
            )}
          </Group>
        ) : (
          <div role="group" aria-label={name}>
            <NumberInput
              className={classes.score}
              label="Score (%)"
              min={scale.minimum}
              max={scale.maximum}
              step={1}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="strict"
              size="md"
              value={entry.value === "" ? "" : Number(entry.value)}
              readOnly={readOnly}
              description={acquiredLabel(isAcquired(scale, entry.value))}
              onChange={(value) => {
                const text = value === "" ? "" : String(value);
                if (text === "" || parsePercent(text, scale) !== null) onChange(code, { value: text });
              }}
            />
          </div>
        )}
      </div>
      {discarded && (
        <Group gap="xs" mt={4} data-testid={`discarded-${code}`}>
          <Text size="sm">
            Votre saisie remplacée : <strong>{valueLabel(scale, discarded.value)}</strong>
            {discarded.comment && <> (« {discarded.comment} »)</>}
          </Text>
          <Button size="xs" variant="default" onClick={() => onRestore(code)}>
            Rétablir ma saisie{" "}<VisuallyHidden>pour {code}</VisuallyHidden>
          </Button>
          <Button size="xs" variant="default" onClick={() => onDismiss(code)}>
            Garder la nouvelle valeur{" "}<VisuallyHidden>pour {code}</VisuallyHidden>
          </Button>
        </Group>
      )}
      {!readOnly && (
        <Button
          size="xs"
          variant="default"
          className={classes.commentToggle}
          aria-expanded={commentOpen}
          aria-controls={commentOpen ? commentId : undefined}
          onClick={() => setCommentOpen((open) => !open)}
        >
          {entry.comment ? "Commentaire (1)" : "Commentaire"}
          {" "}<VisuallyHidden>sur {code}</VisuallyHidden>
        </Button>
      )}
      {showComment && (
        <div id={commentId}>
          <Textarea
            mt="xs"
            label={
              <>
                Commentaire{" "}<VisuallyHidden>sur {code}</VisuallyHidden>
              </>
            }
            autosize
            minRows={2}
            maxRows={6}
            value={entry.comment}
            readOnly={readOnly}
            onChange={(event) => onChange(code, { comment: event.currentTarget.value })}
            description={
              !readOnly && entry.comment && entry.value === ""
                ? "Choisissez d’abord un résultat : un commentaire seul n’est pas enregistré."
                : undefined
            }
          />
        </div>
      )}
    </li>
  );
});
