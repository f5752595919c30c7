import { useQuery } from "urql";
import type { CandidateSpaceQuery as CandidateSpaceData } from "../gql/graphql";
import { isUnauthenticated } from "../graphql/errors";
import { CandidateSpaceQuery } from "./documents";

export type CandidateDossier = CandidateSpaceData["candidateSpace"]["dossiers"][number];

/**
 * The signed-in candidate's space (one request for every candidate page).
 * `signedOut` is true when the candidate session is missing or expired: the page
 * then sends the candidate to the « new link » page, never to the staff login.
 */
export function useCandidateSpace() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: CandidateSpaceQuery });
  return {
    space: data?.candidateSpace ?? null,
    fetching,
    error: isUnauthenticated(error) ? undefined : error,
    signedOut: isUnauthenticated(error),
    refetch: () => refetch({ requestPolicy: "network-only" }),
  };
}
