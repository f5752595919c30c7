/**
 * Builds the nested référentiel tree from the flat, depth-first `items`
 * list returned by the GraphQL API. Pure functions, no React.
 */

/** A référentiel item as returned by the API (`ReferentielItem`). */
export interface FlatItem {
  readonly code: string;
  readonly title: string;
  readonly depth: number;
  readonly levelName: string;
  readonly position: number;
  readonly parentCode?: string | null;
  readonly isLeaf: boolean;
  readonly provisional: boolean;
}

export interface TreeNode {
  readonly code: string;
  readonly title: string;
  readonly depth: number;
  readonly levelName: string;
  readonly position: number;
  readonly parentCode: string | null;
  readonly isLeaf: boolean;
  readonly provisional: boolean;
  /** Children sorted by `position` (input order breaks ties). */
  readonly children: readonly TreeNode[];
  /** Number of leaves in this subtree (1 for a leaf). */
  readonly leafCount: number;
}

interface MutableNode extends Omit<TreeNode, "children" | "leafCount"> {
  children: MutableNode[];
  leafCount: number;
  order: number;
}

function byPosition(a: MutableNode, b: MutableNode): number {
  return a.position - b.position || a.order - b.order;
}

/**
 * Nests `items` under their `parentCode`. Items whose parent is missing are
 * kept as roots so that nothing the API returns is hidden. Duplicate codes
 * keep their first occurrence.
 */
export function buildTree(items: readonly FlatItem[]): TreeNode[] {
  const byCode = new Map<string, MutableNode>();
  items.forEach((item, order) => {
    if (byCode.has(item.code)) return;
    byCode.set(item.code, {
      code: item.code,
      title: item.title,
      depth: item.depth,
      levelName: item.levelName,
      position: item.position,
      parentCode: item.parentCode ?? null,
      isLeaf: item.isLeaf,
      provisional: item.provisional,
      children: [],
      leafCount: 0,
      order,
    });
  });

  const roots: MutableNode[] = [];
  for (const node of byCode.values()) {
    const parent =
      node.parentCode !== null && node.parentCode !== node.code
        ? byCode.get(node.parentCode)
        : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }

  // Sort and count leaves bottom-up (explicit stack: no recursion limit).
  const postOrder: MutableNode[] = [];
  const stack: MutableNode[] = [...roots];
  const seen = new Set<MutableNode>();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    postOrder.push(node);
    stack.push(...node.children);
  }
  for (let i = postOrder.length - 1; i >= 0; i--) {
    const node = postOrder[i]!;
    node.children.sort(byPosition);
    node.leafCount =
      node.children.length === 0
        ? node.isLeaf
          ? 1
          : 0
        : node.children.reduce((sum, child) => sum + child.leafCount, 0);
  }
  roots.sort(byPosition);
  return roots.map(freeze);
}

function freeze(node: MutableNode): TreeNode {
  return {
    code: node.code,
    title: node.title,
    depth: node.depth,
    levelName: node.levelName,
    position: node.position,
    parentCode: node.parentCode,
    isLeaf: node.isLeaf,
    provisional: node.provisional,
    children: node.children.map(freeze),
    leafCount: node.leafCount,
  };
}

/** True when the node has children to show (rendered with a toggle). */
export function isBranch(node: TreeNode): boolean {
  return node.children.length > 0;
}

/** Codes of every node that has children, depth-first. */
export function branchCodes(nodes: readonly TreeNode[]): string[] {
  const codes: string[] = [];
  const visit = (list: readonly TreeNode[]) => {
    for (const node of list) {
      if (isBranch(node)) {
        codes.push(node.code);
        visit(node.children);
      }
    }
  };
  visit(nodes);
  return codes;
}

/** Total number of leaves in a forest. */
export function countLeaves(nodes: readonly TreeNode[]): number {
  return nodes.reduce((sum, node) => sum + node.leafCount, 0);
}
