/**
 * Test data typed against the API: fixtures say `satisfies Fixture<SomeQuery>` (or
 * `…Fragment`) with the types `npm run codegen` generates from `schema.graphql` into
 * `src/gql/graphql.ts`. A field renamed or removed in the schema, or a value of the wrong
 * type, then fails `npm run typecheck` (run by `npm test`) instead of drifting silently.
 */

/** A generated operation type as test data: every object may also carry the `__typename` urql adds. */
export type Fixture<T> = T extends readonly (infer U)[]
  ? Fixture<U>[]
  : T extends object
    ? { [K in keyof T]: Fixture<T[K]> } & { __typename?: string }
    : T;
