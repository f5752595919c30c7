import "@mantine/core/styles.css";
import "@mantine/charts/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { installHistoryGuard } from "./forms/useUnsavedChanges";

const container = document.getElementById("root");
if (!container) throw new Error("Élément #root introuvable");

// Before the router listens to Back/Forward: a dirty form is asked about first.
installHistoryGuard();

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
