import { readFileSync } from "node:fs";
import type { CodegenConfig } from "@graphql-codegen/cli";

const SCHEMA = "../schema.graphql";
// TEMPORARY: until the backend's schema.graphql contains the identity types,
// merge in the SDL transcription of the draft contract. Remove this (and
// schema-draft/) once `type Viewer` is in ../schema.graphql.
const DRAFT = "schema-draft/identity.graphql";
const hasIdentityTypes = /\btype Viewer\b/.test(readFileSync(SCHEMA, "utf8"));

// Generates typed documents from the GraphQL contract at the repository root.
const config: CodegenConfig = {
  schema: hasIdentityTypes ? SCHEMA : [SCHEMA, DRAFT],
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    "./src/gql/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: {
          DateTime: "string",
          JSON: "unknown",
        },
      },
    },
  },
  hooks: {},
};

export default config;
