import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { cleaItems, flatItems } from "../test/fixtures";
import { renderWithProviders } from "../test/render";
import { ReferentielTree } from "./ReferentielTree";

function renderTree(items = cleaItems, leafLevelName = "critère") {
  renderWithProviders(<ReferentielTree items={items} leafLevelName={leafLevelName} />);
  return screen.getByTestId("referentiel-tree");
}

const toggle = (name: RegExp) => screen.getByRole("button", { name });

describe("ReferentielTree", () => {
  it("renders top-level nodes collapsed, with code and title in the button name", () => {
    const tree = renderTree();
    const domain = toggle(/^1 La communication en français/);
    expect(domain).toHaveAttribute("aria-expanded", "false");
    expect(toggle(/^2 L'utilisation des règles/)).toHaveAttribute("aria-expanded", "false");
    expect(tree.querySelector('[data-code="1"]')).toContainElement(domain);
    // Children of a collapsed node are not rendered.
    expect(screen.queryByRole("button", { name: /^1\.1 / })).toBeNull();
    expect(tree.querySelector('[data-code="1.1"]')).toBeNull();
    expect(within(tree).queryAllByText("Écouter un message oral")).toHaveLength(0);
  });

  it("expands and collapses a node when its toggle is clicked", async () => {
    const user = userEvent.setup();
    const tree = renderTree();
    const domain = toggle(/^1 La communication en français/);

    await user.click(domain);
    expect(domain).toHaveAttribute("aria-expanded", "true");
    const subDomain = toggle(/^1\.1 Écouter et comprendre/);
    expect(subDomain).toHaveAttribute("aria-expanded", "false");
    expect(tree.querySelector('[data-code="1.1"]')).toBeVisible();
    expect(tree.querySelector('[data-code="1.1.1"]')).toBeNull();
    expect(domain).toHaveAttribute("aria-controls", expect.any(String) as string);
    expect(document.getElementById(domain.getAttribute("aria-controls")!)).toContainElement(
      subDomain,
    );

    await user.click(subDomain);
    expect(subDomain).toHaveAttribute("aria-expanded", "true");
    const leaf = tree.querySelector('[data-code="1.1.1"]') as HTMLElement;
    expect(leaf).toBeVisible();
    expect(leaf).toHaveTextContent("1.1.1 Écouter un message oral");
    expect(within(leaf).queryByRole("button")).toBeNull();

    await user.click(domain);
    expect(domain).toHaveAttribute("aria-expanded", "false");
    expect(domain).not.toHaveAttribute("aria-controls");
    expect(tree.querySelector('[data-code="1.1"]')).toBeNull();
  });

  it("is keyboard operable", async () => {
    const user = userEvent.setup();
    renderTree();
    await user.tab(); // "Tout déplier"
    await user.tab(); // "Tout replier"
    await user.tab();
    const domain = toggle(/^1 La communication en français/);
    expect(domain).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(domain).toHaveAttribute("aria-expanded", "true");
    await user.keyboard(" ");
    expect(domain).toHaveAttribute("aria-expanded", "false");
  });

  it("expands and collapses everything", async () => {
    const user = userEvent.setup();
    const tree = renderTree();
    await user.click(screen.getByRole("button", { name: "Tout déplier" }));
    const toggles = within(tree).getAllByRole("button");
    expect(toggles).toHaveLength(5);
    for (const button of toggles) expect(button).toHaveAttribute("aria-expanded", "true");
    expect(tree.querySelector('[data-code="2.1.1"]')).toBeVisible();

    await user.click(screen.getByRole("button", { name: "Tout replier" }));
    expect(within(tree).getAllByRole("button")).toHaveLength(2);
    for (const button of within(tree).getAllByRole("button"))
      expect(button).toHaveAttribute("aria-expanded", "false");
    expect(tree.querySelector('[data-code="2.1.1"]')).toBeNull();
  });

  it("shows a provisoire badge with an explanation on provisional nodes", async () => {
    const user = userEvent.setup();
    const tree = renderTree();
    await user.click(screen.getByRole("button", { name: "Tout déplier" }));

    const provisionalLeaf = tree.querySelector('[data-code="1.1.2"]') as HTMLElement;
    const badge = within(provisionalLeaf).getByText("provisoire");
    expect(badge).toBeVisible();
    expect(badge.closest("[title]")).toHaveAttribute(
      "title",
      "Intitulé non confirmé par une source officielle",
    );

    const provisionalBranch = tree.querySelector('[data-code="1.2"]') as HTMLElement;
    expect(provisionalBranch.querySelector(":scope > div")).toHaveTextContent("provisoire");
    // The badge is not part of the toggle's accessible name.
    expect(toggle(/^1\.2 S'exprimer à l'oral$/)).toBeInTheDocument();

    const plainLeaf = tree.querySelector('[data-code="1.1.1"]') as HTMLElement;
    expect(within(plainLeaf).queryByText("provisoire")).toBeNull();
    expect(within(tree).getAllByText("provisoire")).toHaveLength(2);
  });

  it("shows the number of leaves under each branch", async () => {
    const user = userEvent.setup();
    const tree = renderTree();
    await user.click(screen.getByRole("button", { name: "Tout déplier" }));
    const domain = tree.querySelector('[data-code="1"]') as HTMLElement;
    expect(domain.querySelector(":scope > div")).toHaveTextContent("3 critères");
    const other = tree.querySelector('[data-code="2"]') as HTMLElement;
    expect(other.querySelector(":scope > div")).toHaveTextContent("1 critère");
    expect(tree.querySelector('[data-code="1.1"] > div')).toHaveTextContent("2 critères");
  });

  it("renders single-level référentiels as a flat list of leaves", () => {
    const tree = renderTree(flatItems, "compétence");
    expect(within(tree).queryAllByRole("button")).toHaveLength(0);
    const items = within(tree).getAllByRole("listitem");
    expect(items.map((li) => li.getAttribute("data-code"))).toEqual(["N1", "N2", "N3"]);
    expect(items[0]).toHaveTextContent("N1 Première compétence");
    expect(within(items[0]!).getByText("provisoire")).toBeVisible();
  });
});
