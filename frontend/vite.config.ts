import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Backend (FastAPI/Strawberry) address used by the dev server proxy.
const API_TARGET = process.env.CLEA_API_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  base: "/",
  plugins: [react()],
  server: {
    proxy: {
      "/graphql": { target: API_TARGET, changeOrigin: false },
      "/healthz": { target: API_TARGET, changeOrigin: false },
      // OIDC login redirects and callback (full-page navigations).
      "/auth": { target: API_TARGET, changeOrigin: false },
      // Application documents (upload, download) and Certif'Pro's CSV exports.
      "/accreditation-applications": { target: API_TARGET, changeOrigin: false },
      "/exports": { target: API_TARGET, changeOrigin: false },
      // Imports and open data (the directory and the national statistics as CSV).
      "/exchange": { target: API_TARGET, changeOrigin: false },
      // Documents (attestations, certificates, paper batch), jury minutes, public
      // certificate verification and the signing keys.
      "/documents": { target: API_TARGET, changeOrigin: false },
      "/jury-sessions": { target: API_TARGET, changeOrigin: false },
      "/verify/": { target: API_TARGET, changeOrigin: false },
      "/.well-known": { target: API_TARGET, changeOrigin: false },
      // Open Badges resolution: signing keys by kid, status lists, the issuer profile.
      "/keys/": { target: API_TARGET, changeOrigin: false },
      "/credentials/status/": { target: API_TARGET, changeOrigin: false },
      "/issuers/": { target: API_TARGET, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      "/graphql": { target: API_TARGET, changeOrigin: false },
      "/healthz": { target: API_TARGET, changeOrigin: false },
      "/auth": { target: API_TARGET, changeOrigin: false },
      "/accreditation-applications": { target: API_TARGET, changeOrigin: false },
      "/exports": { target: API_TARGET, changeOrigin: false },
      "/exchange": { target: API_TARGET, changeOrigin: false },
      "/documents": { target: API_TARGET, changeOrigin: false },
      "/jury-sessions": { target: API_TARGET, changeOrigin: false },
      "/verify/": { target: API_TARGET, changeOrigin: false },
      "/.well-known": { target: API_TARGET, changeOrigin: false },
      "/keys/": { target: API_TARGET, changeOrigin: false },
      "/credentials/status/": { target: API_TARGET, changeOrigin: false },
      "/issuers/": { target: API_TARGET, changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
  },
});
