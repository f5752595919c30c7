import { describe, expect, it } from "vitest";
import { cleaItems, flatItems } from "../test/fixtures";
import { branchCodes, buildTree, countLeaves, type FlatItem } from "./tree";

const codes = (nodes: readonly { code: string }[]) => nodes.map((n) => n.code);

describe("buildTree", () => {
  it("nests items under their parent code", () => {
    const tree = buildTree(cleaItems);
    expect(codes(tree)).toEqual(["1", "2"]);
    const [first] = tree;
    expect(codes(first!.children)).toEqual(["1.1", "1.2"]);
    expect(codes(first!.children[0]!.children)).toEqual(["1.1.1", "1.1.2"]);
    expect(first!.children[0]!.children[0]!.children).toEqual([]);
    expect(first!.parentCode).toBeNull();
    expect(first!.children[1]!.parentCode).toBe("1");
  });

  it("orders siblings by position, not by input order", () => {
    const shuffled: FlatItem[] = [
      { code: "B", title: "B", depth: 1, levelName: "domaine", position: 1, parentCode: null, isLeaf: false, provisional: false },
      { code: "B.2", title: "B.2", depth: 2, levelName: "critère", position: 1, parentCode: "B", isLeaf: true, provisional: false },
      { code: "B.1", title: "B.1", depth: 2, levelName: "critère", position: 0, parentCode: "B", isLeaf: true, provisional: false },
      { code: "A", title: "A", depth: 1, levelName: "domaine", position: 0, parentCode: null, isLeaf: false, provisional: false },
      { code: "A.1", title: "A.1", depth: 2, levelName: "critère", position: 0, parentCode: "A", isLeaf: true, provisional: false },
    ];
    const tree = buildTree(shuffled);
    expect(codes(tree)).toEqual(["A", "B"]);
    expect(codes(tree[1]!.children)).toEqual(["B.1", "B.2"]);
  });

  it("keeps input order for equal positions", () => {
    const items: FlatItem[] = [
      { code: "X", title: "X", depth: 1, levelName: "critère", position: 0, parentCode: null, isLeaf: true, provisional: false },
      { code: "Y", title: "Y", depth: 1, levelName: "critère", position: 0, parentCode: null, isLeaf: true, provisional: false },
    ];
    expect(codes(buildTree(items))).toEqual(["X", "Y"]);
  });

  it("counts the leaves under every node", () => {
    const tree = buildTree(cleaItems);
    const [one, two] = tree;
    expect(one!.leafCount).toBe(3);
    expect(one!.children[0]!.leafCount).toBe(2);
    expect(one!.children[1]!.leafCount).toBe(1);
    expect(one!.children[0]!.children[0]!.leafCount).toBe(1);
    expect(two!.leafCount).toBe(1);
    expect(countLeaves(tree)).toBe(4);
  });

  it("handles single-level référentiels (leaves only)", () => {
    const tree = buildTree(flatItems);
    expect(codes(tree)).toEqual(["N1", "N2", "N3"]);
    expect(tree.every((n) => n.children.length === 0 && n.leafCount === 1)).toBe(true);
    expect(branchCodes(tree)).toEqual([]);
    expect(countLeaves(tree)).toBe(3);
  });

  it("copies item fields, including the provisional flag", () => {
    const tree = buildTree(cleaItems);
    const node = tree[0]!.children[1]!;
    expect(node).toMatchObject({
      code: "1.2",
      title: "S'exprimer à l'oral",
      depth: 2,
      levelName: "sous-domaine",
      position: 1,
      isLeaf: false,
      provisional: true,
    });
  });

  it("keeps orphans as roots and ignores duplicate codes", () => {
    const items: FlatItem[] = [
      { code: "1", title: "Un", depth: 1, levelName: "domaine", position: 0, parentCode: null, isLeaf: false, provisional: false },
      { code: "1.1", title: "Un.un", depth: 2, levelName: "critère", position: 0, parentCode: "1", isLeaf: true, provisional: false },
      { code: "1.1", title: "Doublon", depth: 2, levelName: "critère", position: 1, parentCode: "1", isLeaf: true, provisional: false },
      { code: "9.1", title: "Orphelin", depth: 2, levelName: "critère", position: 5, parentCode: "9", isLeaf: true, provisional: false },
    ];
    const tree = buildTree(items);
    expect(codes(tree)).toEqual(["1", "9.1"]);
    expect(tree[0]!.children.map((c) => c.title)).toEqual(["Un.un"]);
  });

  it("accepts items without parentCode and an empty list", () => {
    expect(buildTree([])).toEqual([]);
    const tree = buildTree([
      { code: "A", title: "A", depth: 1, levelName: "critère", position: 0, isLeaf: true, provisional: false },
    ]);
    expect(tree[0]!.parentCode).toBeNull();
  });

  it("does not count non-leaf nodes without children as leaves", () => {
    const tree = buildTree([
      { code: "1", title: "Vide", depth: 1, levelName: "domaine", position: 0, parentCode: null, isLeaf: false, provisional: false },
    ]);
    expect(tree[0]!.leafCount).toBe(0);
  });
});

describe("branchCodes", () => {
  it("lists every node with children, depth-first", () => {
    expect(branchCodes(buildTree(cleaItems))).toEqual(["1", "1.1", "1.2", "2", "2.1"]);
  });
});
