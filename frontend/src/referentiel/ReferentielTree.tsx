import { Button, Group, UnstyledButton } from "@mantine/core";
import { useCallback, useId, useMemo, useState } from "react";
import { formatCount } from "./labels";
import { ProvisionalBadge } from "./ProvisionalBadge";
import classes from "./ReferentielTree.module.css";
import { branchCodes, buildTree, isBranch, type FlatItem, type TreeNode } from "./tree";

export interface ReferentielTreeProps {
  /** Flat items in depth-first order, as returned by the API. */
  items: readonly FlatItem[];
  /** Name of the deepest level, used for leaf counts ("critère"). */
  leafLevelName: string;
  /** Accessible name of the tree list. */
  label?: string;
  /** Codes expanded on first render (collapsed by default). */
  initiallyExpanded?: readonly string[];
}

/**
 * Collapsible référentiel tree (disclosure pattern): every node with
 * children has a native toggle button with `aria-expanded`, so the tree is
 * usable with Tab, Enter and Space. Children of a collapsed node are not
 * rendered at all (the e2e tests count them by text).
 */
export function ReferentielTree({
  items,
  leafLevelName,
  label = "Arborescence du référentiel",
  initiallyExpanded = [],
}: ReferentielTreeProps) {
  const nodes = useMemo(() => buildTree(items), [items]);
  const allBranches = useMemo(() => branchCodes(nodes), [nodes]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () => new Set(initiallyExpanded),
  );

  const toggle = useCallback((code: string) => {
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  }, []);

  return (
    <div>
      <Group gap="sm" mb="sm">
        <Button
          variant="filled"
          size="xs"
          onClick={() => setExpanded(new Set(allBranches))}
        >
          Tout déplier
        </Button>
        <Button
          variant="default"
          size="xs"
          onClick={() => setExpanded(new Set())}
        >
          Tout replier
        </Button>
      </Group>
      <div data-testid="referentiel-tree">
        <ul
          className={[classes.list, allBranches.length === 0 && classes.flat]
            .filter(Boolean)
            .join(" ")}
          aria-label={label}
        >
          {nodes.map((node) => (
            <TreeItem
              key={node.code}
              node={node}
              expanded={expanded}
              onToggle={toggle}
              leafLevelName={leafLevelName}
            />
          ))}
        </ul>
      </div>
    </div>
  );
}

interface TreeItemProps {
  node: TreeNode;
  expanded: ReadonlySet<string>;
  onToggle: (code: string) => void;
  leafLevelName: string;
}

function TreeItem({ node, expanded, onToggle, leafLevelName }: TreeItemProps) {
  const groupId = useId();
  const branch = isBranch(node);
  const open = branch && expanded.has(node.code);
  const depthClass = node.depth === 1 ? classes.depth1 : undefined;
  const label = (
    <>
      <span className={classes.code}>{node.code}</span>{" "}
      <span>{node.title}</span>
    </>
  );

  return (
    <li
      data-code={node.code}
      data-depth={node.depth}
      data-leaf={node.isLeaf ? "true" : "false"}
    >
      <div className={classes.row}>
        {branch ? (
          <UnstyledButton
            className={[classes.toggle, depthClass].filter(Boolean).join(" ")}
            aria-expanded={open}
            aria-controls={open ? groupId : undefined}
            onClick={() => onToggle(node.code)}
          >
            <Chevron />
            {label}
          </UnstyledButton>
        ) : (
          <span className={[classes.leaf, depthClass].filter(Boolean).join(" ")}>
            {label}
          </span>
        )}
        {node.provisional && <ProvisionalBadge />}
        {branch && (
          <span className={classes.count}>
            {formatCount(node.leafCount, leafLevelName)}
          </span>
        )}
      </div>
      {open && (
        <ul id={groupId} className={classes.children}>
          {node.children.map((child) => (
            <TreeItem
              key={child.code}
              node={child}
              expanded={expanded}
              onToggle={onToggle}
              leafLevelName={leafLevelName}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

function Chevron() {
  return (
    <svg
      className={classes.chevron}
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M9 6l6 6-6 6" />
    </svg>
  );
}
