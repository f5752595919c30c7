import { describe, expect, it, vi } from "vitest";
import { createGraphqlClient, GRAPHQL_URL } from "./client";
import { CertificationsQuery } from "./documents";

describe("createGraphqlClient", () => {
  it("POSTs JSON to /graphql with the CSRF header", async () => {
    const fetchMock = vi.fn<typeof fetch>(async () =>
      new Response(JSON.stringify({ data: { certifications: [{ __typename: "Certification", code: "CLEA", title: "CléA", certifier: "Certif Pro", plugin: "clea", currentVersion: null }] } }), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      }),
    );
    const client = createGraphqlClient({ fetch: fetchMock });

    const result = await client.query(CertificationsQuery, {}).toPromise();

    expect(result.error).toBeUndefined();
    expect(result.data?.certifications[0]?.code).toBe("CLEA");
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe(GRAPHQL_URL);
    expect(init?.method).toBe("POST");
    const headers = new Headers(init?.headers);
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("x-requested-with")).toBe("clea-web");
    const body = JSON.parse(String(init?.body)) as { query: string };
    expect(body.query).toContain("certifications");
  });
});
