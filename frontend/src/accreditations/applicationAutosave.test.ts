import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ApplicationAutosave,
  EMPTY_SITE,
  INVALID_MESSAGE,
  valuesOf,
  type ApplicationValues,
  type SaveRequest,
  type SaveResponse,
} from "./applicationAutosave";

/** A `send` whose answers the test releases one by one. */
function controlledSend() {
  const requests: SaveRequest[] = [];
  const resolvers: ((response: SaveResponse) => void)[] = [];
  const send = vi.fn(
    (request: SaveRequest) =>
      new Promise<SaveResponse>((resolve) => {
        requests.push(request);
        resolvers.push(resolve);
      }),
  );
  async function answer(response: SaveResponse) {
    const resolve = resolvers.shift();
    if (!resolve) throw new Error("no request waiting");
    resolve(response);
    await vi.advanceTimersByTimeAsync(0);
  }
  return { send, requests, answer };
}

const INITIAL: ApplicationValues = {
  network: null,
  sites: [{ ...EMPTY_SITE, siret: "13002526500013", name: "Site A", evaluators: [] }],
  declarations: [],
};

function store(send: (request: SaveRequest) => Promise<SaveResponse>, values = INITIAL) {
  let keys = 0;
  const autosave = new ApplicationAutosave({
    revision: 4,
    values,
    send,
    delay: 1000,
    now: () => 42,
    newKey: () => `key-${++keys}`,
  });
  autosave.start();
  return autosave;
}

const rename = (name: string) => (v: ApplicationValues) => ({
  ...v,
  sites: v.sites.map((site, i) => (i === 0 ? { ...site, name } : site)),
});

describe("ApplicationAutosave", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("saves the whole form once, after the last change, with the revision read", async () => {
    const { send, requests, answer } = controlledSend();
    const autosave = store(send);
    autosave.update(rename("Site B"));
    await vi.advanceTimersByTimeAsync(600);
    autosave.update((v) => ({ ...v, network: "GRETA" }));
    expect(autosave.getSnapshot()).toMatchObject({ status: "pending", dirty: true });
    await vi.advanceTimersByTimeAsync(999);
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.revision).toBe(4);
    expect(requests[0]?.values.network).toBe("GRETA");
    expect(requests[0]?.values.sites[0]?.name).toBe("Site B");
    expect(autosave.getSnapshot().status).toBe("saving");

    await answer({ kind: "saved", revision: 5 });
    expect(autosave.getSnapshot()).toMatchObject({ status: "saved", revision: 5, dirty: false, lastSavedAt: 42 });
  });

  it("sends the changes made during a save with the next revision, one request at a time", async () => {
    const { send, requests, answer } = controlledSend();
    const autosave = store(send);
    autosave.update(rename("B"));
    await vi.advanceTimersByTimeAsync(1000);
    autosave.update(rename("C"));
    await vi.advanceTimersByTimeAsync(5000);
    expect(send).toHaveBeenCalledTimes(1);
    expect(autosave.getSnapshot().status).toBe("saving");

    await answer({ kind: "saved", revision: 5 });
    expect(autosave.getSnapshot()).toMatchObject({ status: "pending", revision: 5, dirty: true });
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests[1]).toMatchObject({ revision: 5 });
    expect(requests[1]?.values.sites[0]?.name).toBe("C");
    await answer({ kind: "saved", revision: 6 });
    expect(autosave.getSnapshot()).toMatchObject({ status: "saved", revision: 6, dirty: false });
  });

  it("keeps refused values on screen with their field errors until the next change", async () => {
    const { send, requests, answer } = controlledSend();
    const autosave = store(send);
    autosave.update((v) => ({ ...v, sites: [{ ...v.sites[0]!, siret: "123" }] }));
    await vi.advanceTimersByTimeAsync(1000);
    await answer({
      kind: "invalid",
      errors: [{ code: "INVALID_SIRET", field: "sites[0].siret", message: "SIRET invalide : 14 chiffres attendus." }],
    });
    const refused = autosave.getSnapshot();
    expect(refused.status).toBe("invalid");
    expect(refused.fieldErrors).toEqual({ "sites[0].siret": "SIRET invalide : 14 chiffres attendus." });
    expect(refused.message).toBe(INVALID_MESSAGE);
    expect(refused.values.sites[0]?.siret).toBe("123");
    expect(refused.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(send).toHaveBeenCalledTimes(1);

    autosave.update((v) => ({ ...v, sites: [{ ...v.sites[0]!, siret: "13002526500013" }] }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests[1]?.values.sites[0]?.siret).toBe("13002526500013");
    await answer({ kind: "saved", revision: 5 });
    expect(autosave.getSnapshot()).toMatchObject({ status: "saved", fieldErrors: {}, message: null });
  });

  it("stops on a stale revision, keeps the user's values, then reloads or overwrites", async () => {
    const { send, requests, answer } = controlledSend();
    const autosave = store(send);
    autosave.update(rename("Mon nom"));
    await vi.advanceTimersByTimeAsync(1000);
    await answer({ kind: "conflict", message: "La candidature a été modifiée entre-temps." });
    expect(autosave.getSnapshot()).toMatchObject({
      status: "conflict",
      message: "La candidature a été modifiée entre-temps.",
      dirty: true,
    });
    // Further typing is kept but not sent.
    autosave.update(rename("Mon nom, corrigé"));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(send).toHaveBeenCalledTimes(1);
    expect(autosave.getSnapshot().values.sites[0]?.name).toBe("Mon nom, corrigé");
    expect(await autosave.flush()).toBe(false);

    // "Garder ma saisie": the user's values over the server's revision.
    const overwrite = autosave.overwrite(9);
    expect(requests[1]).toMatchObject({ revision: 9 });
    expect(requests[1]?.values.sites[0]?.name).toBe("Mon nom, corrigé");
    await answer({ kind: "saved", revision: 10 });
    await overwrite;
    expect(autosave.getSnapshot()).toMatchObject({ status: "saved", revision: 10, dirty: false });

    // Another conflict, "Recharger": the server's version replaces the form.
    autosave.update(rename("Encore"));
    await vi.advanceTimersByTimeAsync(1000);
    await answer({ kind: "conflict", message: "Modifiée." });
    const server = valuesOf({
      revision: 12,
      network: "AFPA",
      sites: [{ ...EMPTY_SITE, siret: "13002526500013", name: "Nom du serveur", evaluators: [] }],
      declarations: [{ key: "accuracy", checked: true }],
    });
    autosave.reload({ revision: 12, values: server });
    expect(autosave.getSnapshot()).toMatchObject({ status: "idle", revision: 12, dirty: false });
    expect(autosave.getSnapshot().values).toEqual({
      network: "AFPA",
      sites: [{ ...EMPTY_SITE, siret: "13002526500013", name: "Nom du serveur", evaluators: [] }],
      declarations: ["accuracy"],
    });
  });

  it("retries after a network failure, then on the browser's online event", async () => {
    const { send, requests, answer } = controlledSend();
    const autosave = store(send);
    autosave.update(rename("Hors ligne"));
    await vi.advanceTimersByTimeAsync(1000);
    await answer({ kind: "network" });
    expect(autosave.getSnapshot()).toMatchObject({ status: "offline", dirty: true });
    await vi.advanceTimersByTimeAsync(999);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests[1]).toMatchObject({ revision: 4 });
    await answer({ kind: "network" });
    window.dispatchEvent(new Event("online"));
    await vi.advanceTimersByTimeAsync(0);
    expect(send).toHaveBeenCalledTimes(3);
    await answer({ kind: "saved", revision: 5 });
    expect(autosave.getSnapshot().status).toBe("saved");
    autosave.stop();
  });

  it("retries a lost save with the same key, then gives the next save a new key", async () => {
    const { send, requests, answer } = controlledSend();
    const autosave = store(send);
    autosave.update(rename("Peut-être enregistré"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests[0]).toMatchObject({ revision: 4, idempotencyKey: "key-1" });
    // The answer is lost (the save may have been applied): the retry is the same request.
    await answer({ kind: "network" });
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests[1]).toMatchObject({ revision: 4, idempotencyKey: "key-1" });
    expect(requests[1]?.values).toBe(requests[0]?.values);
    await answer({ kind: "saved", revision: 5 });
    expect(autosave.getSnapshot()).toMatchObject({ status: "saved", revision: 5, dirty: false });

    autosave.update(rename("Changement suivant"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests[2]).toMatchObject({ revision: 5, idempotencyKey: "key-2" });
    expect(requests[2]?.values.sites[0]?.name).toBe("Changement suivant");
    await answer({ kind: "saved", revision: 6 });
    autosave.stop();
  });

  it("keeps changes made while retrying for the next save, with a new key", async () => {
    const { send, requests, answer } = controlledSend();
    const autosave = store(send);
    autosave.update(rename("Avant la coupure"));
    await vi.advanceTimersByTimeAsync(1000);
    await answer({ kind: "network" });
    expect(autosave.getSnapshot()).toMatchObject({ status: "offline", dirty: true });

    // Typing while offline: the retry still sends the first request as it was.
    autosave.update(rename("Pendant la coupure"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests).toHaveLength(2);
    expect(requests[1]).toMatchObject({ revision: 4, idempotencyKey: "key-1" });
    expect(requests[1]?.values.sites[0]?.name).toBe("Avant la coupure");
    expect(autosave.getSnapshot()).toMatchObject({ status: "saving", dirty: true });

    // The server had applied it: the same answer, then the newer values with a new key.
    await answer({ kind: "saved", revision: 5 });
    expect(autosave.getSnapshot()).toMatchObject({ status: "pending", revision: 5, dirty: true });
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests[2]).toMatchObject({ revision: 5, idempotencyKey: "key-2" });
    expect(requests[2]?.values.sites[0]?.name).toBe("Pendant la coupure");
    await answer({ kind: "saved", revision: 6 });
    expect(autosave.getSnapshot()).toMatchObject({ status: "saved", revision: 6, dirty: false });
    autosave.stop();
  });

  it("gives a fresh key to a save after a refusal, a conflict's overwrite or a reload", async () => {
    const { send, requests, answer } = controlledSend();
    const autosave = store(send);
    autosave.update(rename("Un"));
    await vi.advanceTimersByTimeAsync(1000);
    await answer({ kind: "network" });
    await vi.advanceTimersByTimeAsync(1000);
    await answer({ kind: "conflict", message: "Modifiée." });
    expect(requests.map((r) => r.idempotencyKey)).toEqual(["key-1", "key-1"]);

    const overwrite = autosave.overwrite(7);
    expect(requests[2]).toMatchObject({ revision: 7, idempotencyKey: "key-2" });
    await answer({ kind: "network" });
    await overwrite;
    autosave.reload({ revision: 9, values: INITIAL });
    autosave.update(rename("Deux"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests[3]).toMatchObject({ revision: 9, idempotencyKey: "key-3" });
    await answer({ kind: "saved", revision: 10 });
    autosave.stop();
  });

  it("flush() sends what waits and reports whether everything is saved", async () => {
    const { send, answer } = controlledSend();
    const autosave = store(send);
    autosave.update(rename("Avant dépôt"));
    const flushed = autosave.flush();
    expect(send).toHaveBeenCalledTimes(1);
    await answer({ kind: "saved", revision: 5 });
    await expect(flushed).resolves.toBe(true);
    expect(autosave.getSnapshot().revision).toBe(5);

    autosave.update(rename("Refusé"));
    const refused = autosave.flush();
    await answer({ kind: "failed", message: "Candidature déposée : elle n'est plus modifiable." });
    await expect(refused).resolves.toBe(false);
    expect(autosave.getSnapshot()).toMatchObject({
      status: "error",
      message: "Candidature déposée : elle n'est plus modifiable.",
    });
  });

  it("reads the form values of an application", () => {
    expect(
      valuesOf({
        revision: 1,
        network: null,
        sites: [
          {
            ...EMPTY_SITE,
            siret: "1",
            evaluators: [{ fullName: "Paul", email: "paul@exemple.fr", qualifications: "10 ans" }],
          },
        ],
        declarations: [
          { key: "accuracy", checked: true },
          { key: "quality", checked: false },
        ],
      }),
    ).toEqual({
      network: null,
      sites: [{ ...EMPTY_SITE, siret: "1", evaluators: [{ fullName: "Paul", email: "paul@exemple.fr", qualifications: "10 ans" }] }],
      declarations: ["accuracy"],
    });
  });
});
