import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { BrowserRouter, Link, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LocationProbe } from "../test/render";
import { installHistoryGuard, UNSAVED_CHANGES_MESSAGE, useUnsavedChanges } from "./useUnsavedChanges";

function Editor() {
  const [text, setText] = useState("");
  useUnsavedChanges(text !== "");
  return (
    <>
      <input aria-label="Objectif" value={text} onChange={(event) => setText(event.currentTarget.value)} />
      <Link to="/autre">Autre page</Link>
    </>
  );
}

function TestApp() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/" element={<Link to="/plan">Plan</Link>} />
        <Route path="/plan" element={<Editor />} />
        <Route path="/autre" element={<p>Autre</p>} />
      </Routes>
      <LocationProbe />
    </BrowserRouter>
  );
}

const pathname = () => screen.getByTestId("location").getAttribute("data-pathname");

/** On `/plan`, reached from `/` (so Back has somewhere to go). */
async function onThePlan() {
  const user = userEvent.setup();
  render(<TestApp />);
  await user.click(screen.getByRole("link", { name: "Plan" }));
  expect(pathname()).toBe("/plan");
  return user;
}

describe("useUnsavedChanges: the browser's Back and Forward", () => {
  beforeEach(() => {
    window.history.replaceState(null, "", "/");
    installHistoryGuard();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("asks before Back while the form is dirty, and stays with the edits when declined", async () => {
    const user = await onThePlan();
    await user.type(screen.getByRole("textbox", { name: "Objectif" }), "Lire un plan");
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);

    act(() => window.history.back());
    await waitFor(() => expect(confirm).toHaveBeenCalledWith(UNSAVED_CHANGES_MESSAGE));
    // The browser is walked back to the page's entry; the router never moved.
    await waitFor(() => expect(window.location.pathname).toBe("/plan"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pathname()).toBe("/plan");
    expect(screen.getByRole("textbox", { name: "Objectif" })).toHaveValue("Lire un plan");
    expect(confirm).toHaveBeenCalledTimes(1);

    // Accepted: Back goes where it was going
    confirm.mockReturnValue(true);
    act(() => window.history.back());
    await waitFor(() => expect(pathname()).toBe("/"));
    expect(window.location.pathname).toBe("/");
  });

  it("asks before Forward too", async () => {
    const user = await onThePlan();
    await user.click(screen.getByRole("link", { name: "Autre page" }));
    expect(pathname()).toBe("/autre");
    act(() => window.history.back());
    await waitFor(() => expect(pathname()).toBe("/plan"));
    await user.type(screen.getByRole("textbox", { name: "Objectif" }), "Écrire");
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);

    act(() => window.history.forward());
    await waitFor(() => expect(confirm).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(window.location.pathname).toBe("/plan"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pathname()).toBe("/plan");
    expect(screen.getByRole("textbox", { name: "Objectif" })).toHaveValue("Écrire");
  });

  it("does not ask while nothing is edited", async () => {
    await onThePlan();
    const confirm = vi.spyOn(window, "confirm");
    act(() => window.history.back());
    await waitFor(() => expect(pathname()).toBe("/"));
    expect(confirm).not.toHaveBeenCalled();
  });
});
