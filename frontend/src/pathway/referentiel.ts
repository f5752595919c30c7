import { pluralize, lowerFirst } from "../referentiel/labels";
import { buildTree, type FlatItem, type TreeNode } from "../referentiel/tree";

/** How results are recorded for a certification (from its plugin, `Certification.scale`). */
export type ResultScale =
  | {
      kind: "choice";
      choices: readonly { value: string; label: string; acquired: boolean }[];
      summary: string;
    }
  | { kind: "percent"; minimum: number; maximum: number; acquiredFrom: number | null; summary: string };

/** `Certification.scale` as the API sends it. */
export interface ApiResultScale {
  kind: "CHOICE" | "PERCENT";
  choices: readonly { value: string; label: string; acquired: boolean }[];
  minimum?: number | null;
  maximum?: number | null;
  acquiredFrom?: number | null;
  summary: string;
}

/** The scale of a certification, as its plugin declares it; null while unknown. */
export function scaleFrom(api: ApiResultScale | null | undefined): ResultScale | null {
  if (!api) return null;
  if (api.kind === "PERCENT") {
    return {
      kind: "percent",
      minimum: api.minimum ?? 0,
      maximum: api.maximum ?? 100,
      acquiredFrom: api.acquiredFrom ?? null,
      summary: api.summary,
    };
  }
  return {
    kind: "choice",
    choices: api.choices.map(({ value, label, acquired }) => ({ value, label, acquired })),
    summary: api.summary,
  };
}

/** Whether a recorded value counts as acquired; null when the scale does not say. */
export function isAcquired(scale: ResultScale, value: string): boolean | null {
  if (!value) return null;
  if (scale.kind === "choice") return scale.choices.find((choice) => choice.value === value)?.acquired ?? null;
  const n = parsePercent(value, scale);
  return n === null || scale.acquiredFrom === null ? null : n >= scale.acquiredFrom;
}

/** Label of a recorded value ("Acquis", "72 %"). */
export function valueLabel(scale: ResultScale, value: string): string {
  if (!value) return "—";
  if (scale.kind === "percent") return `${value} %`;
  return scale.choices.find((choice) => choice.value === value)?.label ?? value;
}

/** A percentage as typed: an integer within the scale's bounds (0–100 by default), or null. */
export function parsePercent(
  value: string,
  bounds: { minimum: number; maximum: number } = { minimum: 0, maximum: 100 },
): number | null {
  if (!/^\d{1,3}$/.test(value.trim())) return null;
  const n = Number(value);
  return n >= bounds.minimum && n <= bounds.maximum ? n : null;
}

/**
 * The référentiel restricted to `targets` (leaf codes) and their ancestors,
 * nested with `buildTree`. Unknown target codes are kept as root leaves so
 * that nothing the evaluation asks for is hidden.
 */
export function targetTree(items: readonly FlatItem[], targets: readonly string[]): TreeNode[] {
  const byCode = new Map(items.map((item) => [item.code, item]));
  const keep = new Set<string>();
  const extra: FlatItem[] = [];
  targets.forEach((code, index) => {
    const item = byCode.get(code);
    if (!item) {
      extra.push({
        code,
        title: code,
        depth: 1,
        levelName: "item",
        position: 10_000 + index,
        parentCode: null,
        isLeaf: true,
        provisional: false,
      });
      return;
    }
    let current: FlatItem | undefined = item;
    while (current && !keep.has(current.code)) {
      keep.add(current.code);
      current = current.parentCode ? byCode.get(current.parentCode) : undefined;
    }
  });
  return buildTree([...items.filter((item) => keep.has(item.code)), ...extra]);
}

/** Leaves of a subtree, in order. */
export function leavesOf(node: TreeNode): TreeNode[] {
  if (node.children.length === 0) return node.isLeaf ? [node] : [];
  return node.children.flatMap(leavesOf);
}

/** Titles by code, for gap lists. */
export function titlesByCode(items: readonly FlatItem[] | null | undefined): Map<string, string> {
  return new Map((items ?? []).map((item) => [item.code, item.title]));
}

/** "1.1.1 Écouter un message oral" (code alone when the title is unknown). */
export function itemLabel(code: string, titles: Map<string, string>): string {
  const title = titles.get(code);
  return title && title !== code ? `${code} ${title}` : code;
}

// Level names whose head word is feminine ("compétence" → "renseignées").
const FEMININE = new Set(["compétence", "capacité", "aptitude", "activité", "connaissance", "situation"]);

/** "3/4 critères renseignés", "1/1 compétence renseignée". */
export function progressLabel(done: number, total: number, levelName: string): string {
  const name = lowerFirst(levelName.trim() || "item");
  const plural = total >= 2;
  const head = name.split(" ")[0] ?? name;
  const feminine = FEMININE.has(head);
  const participle = `renseigné${feminine ? "e" : ""}${plural ? "s" : ""}`;
  return `${done}/${total} ${plural ? pluralize(name) : name} ${participle}`;
}

export interface EvaluationOutcome {
  eligible: boolean;
  gaps: string[];
  mastery: Record<string, { acquired: boolean; score: number }>;
}

/** The `outcome` JSON of a closed evaluation, checked; null when absent or malformed. */
export function parseOutcome(outcome: unknown): EvaluationOutcome | null {
  if (!outcome || typeof outcome !== "object") return null;
  const raw = outcome as Record<string, unknown>;
  const gaps = Array.isArray(raw.gaps) ? raw.gaps.filter((g): g is string => typeof g === "string") : [];
  const mastery =
    raw.mastery && typeof raw.mastery === "object"
      ? (raw.mastery as EvaluationOutcome["mastery"])
      : {};
  return { eligible: raw.eligible === true, gaps, mastery };
}
