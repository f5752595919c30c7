import type { CodegenConfig } from "@graphql-codegen/cli";

// Generates typed documents from the GraphQL contract at the repository root.
const config: CodegenConfig = {
  schema: "../schema.graphql",
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
          Date: "string",
          Time: "string",
          JSON: "unknown",
        },
      },
    },
  },
  hooks: {},
};

export default config;
