import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GridAutosave, storageKey, type SaveRequest, type SaveResponse } from "./autosave";

/** In-memory Storage. */
function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
    map,
  };
}

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

let keys = 0;
function store(options: Partial<ConstructorParameters<typeof GridAutosave>[0]> & { send: ConstructorParameters<typeof GridAutosave>[0]["send"] }) {
  const autosave = new GridAutosave({
    evaluationId: "eval-1",
    revision: 3,
    results: { "1.1.1": { value: "non_acquis", comment: "" } },
    newKey: () => `key-${++keys}`,
    ...options,
  });
  autosave.start();
  return autosave;
}

describe("GridAutosave", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    keys = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("batches the edits made within the delay, with the revision and a fresh key", async () => {
    const { send, requests, answer } = controlledSend();
    const autosave = store({ send });
    autosave.edit("1.1.1", { value: "acquis" });
    await vi.advanceTimersByTimeAsync(500);
    autosave.edit("1.1.2", { value: "non_acquis" });
    autosave.edit("1.1.2", { comment: "À revoir" });
    expect(autosave.getSnapshot().status).toBe("pending");
    await vi.advanceTimersByTimeAsync(799);
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toEqual([
      {
        revision: 3,
        idempotencyKey: "key-1",
        results: [
          { itemCode: "1.1.1", value: "acquis", comment: "" },
          { itemCode: "1.1.2", value: "non_acquis", comment: "À revoir" },
        ],
      },
    ]);
    expect(autosave.getSnapshot().status).toBe("saving");

    await answer({ kind: "saved", revision: 4 });
    const snapshot = autosave.getSnapshot();
    expect(snapshot.status).toBe("saved");
    expect(snapshot.revision).toBe(4);
    expect(snapshot.pending).toEqual({});
    expect(autosave.entry("1.1.2")).toEqual({ value: "non_acquis", comment: "À revoir" });

    autosave.edit("2.1.1", { value: "acquis" });
    await vi.advanceTimersByTimeAsync(800);
    expect(requests[1]).toMatchObject({ revision: 4, idempotencyKey: "key-2" });
  });

  it("keeps edits made during a request for the next batch", async () => {
    const { requests, send, answer } = controlledSend();
    const autosave = store({ send });
    autosave.edit("1.1.1", { value: "acquis" });
    await vi.advanceTimersByTimeAsync(800);
    autosave.edit("1.1.1", { value: "non_acquis" });
    await vi.advanceTimersByTimeAsync(800);
    expect(requests).toHaveLength(1); // one request at a time
    await answer({ kind: "saved", revision: 4 });
    expect(autosave.getSnapshot().pending).toEqual({ "1.1.1": { value: "non_acquis", comment: "" } });
    await vi.advanceTimersByTimeAsync(800);
    expect(requests[1]).toMatchObject({
      revision: 4,
      results: [{ itemCode: "1.1.1", value: "non_acquis", comment: "" }],
    });
  });

  it("retries the same batch with the same key after a network failure", async () => {
    const { requests, send, answer } = controlledSend();
    const autosave = store({ send, retryDelays: [1000, 2000] });
    autosave.edit("1.1.2", { value: "acquis" });
    await vi.advanceTimersByTimeAsync(800);
    await answer({ kind: "network" });
    expect(autosave.getSnapshot().status).toBe("offline");
    expect(autosave.entry("1.1.2").value).toBe("acquis");

    autosave.edit("2.1.1", { value: "acquis" }); // waits for the next batch
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests[1]).toEqual(requests[0]);
    await answer({ kind: "network" });
    await vi.advanceTimersByTimeAsync(2000);
    expect(requests[2]).toEqual(requests[0]);
    await answer({ kind: "saved", revision: 4 });
    await vi.advanceTimersByTimeAsync(800);
    expect(requests[3]).toMatchObject({
      revision: 4,
      idempotencyKey: "key-2",
      results: [{ itemCode: "2.1.1", value: "acquis", comment: "" }],
    });
  });

  it("stops on a conflict, keeps local values, and after a reload keeps the user's value aside", async () => {
    const { requests, send, answer } = controlledSend();
    const autosave = store({ send });
    autosave.edit("1.1.1", { value: "acquis" });
    autosave.edit("1.1.2", { value: "acquis" });
    await vi.advanceTimersByTimeAsync(800);
    await answer({ kind: "conflict", items: ["1.1.1"], message: "Modifiée par quelqu'un d'autre." });
    let snapshot = autosave.getSnapshot();
    expect(snapshot.status).toBe("conflict");
    expect(snapshot.conflictItems).toEqual(["1.1.1"]);
    expect(autosave.entry("1.1.1").value).toBe("acquis");

    autosave.edit("2.1.1", { value: "non_acquis" });
    await vi.advanceTimersByTimeAsync(5000);
    expect(requests).toHaveLength(1); // nothing sent while in conflict
    expect(autosave.getSnapshot().status).toBe("conflict");

    autosave.reload(5, { "1.1.1": { value: "non_acquis", comment: "Vu en séance 2" } });
    snapshot = autosave.getSnapshot();
    expect(snapshot.discarded).toEqual({ "1.1.1": { value: "acquis", comment: "" } });
    expect(autosave.entry("1.1.1")).toEqual({ value: "non_acquis", comment: "Vu en séance 2" });
    expect(requests[1]).toMatchObject({
      revision: 5,
      results: [
        { itemCode: "1.1.2", value: "acquis", comment: "" },
        { itemCode: "2.1.1", value: "non_acquis", comment: "" },
      ],
    });
    await answer({ kind: "saved", revision: 6 });

    autosave.restoreDiscarded("1.1.1");
    await vi.advanceTimersByTimeAsync(800);
    expect(requests[2]).toMatchObject({
      revision: 6,
      results: [{ itemCode: "1.1.1", value: "acquis", comment: "" }],
    });
  });

  it("keeps unsent edits in storage and resends an interrupted batch with its key", async () => {
    const storage = memoryStorage();
    const first = controlledSend();
    const autosave = store({ send: first.send, storage });
    autosave.edit("1.1.2", { value: "acquis", comment: "Bien" });
    await vi.advanceTimersByTimeAsync(800);
    expect(first.requests[0]).toMatchObject({ idempotencyKey: "key-1" });
    const stored = JSON.parse(storage.map.get(storageKey("eval-1"))!);
    expect(stored.pending).toEqual({ "1.1.2": { value: "acquis", comment: "Bien" } });
    expect(stored.inFlight.key).toBe("key-1");
    autosave.stop(); // the tab is closed before the answer

    const second = controlledSend();
    const restored = store({ send: second.send, storage });
    expect(restored.entry("1.1.2")).toEqual({ value: "acquis", comment: "Bien" });
    expect(second.requests[0]).toEqual(first.requests[0]);
    await second.answer({ kind: "saved", revision: 4 });
    expect(storage.map.has(storageKey("eval-1"))).toBe(false);
  });

  it("whenSettled sends what is pending and resolves once acknowledged", async () => {
    const { send, answer } = controlledSend();
    const autosave = store({ send });
    autosave.edit("1.1.1", { value: "acquis" });
    const settled = autosave.whenSettled();
    expect(send).toHaveBeenCalledTimes(1);
    await answer({ kind: "saved", revision: 4 });
    await expect(settled).resolves.toBe(true);
  });

  it("clears a saved result with value null, never sends a comment alone", async () => {
    const { send, requests, answer } = controlledSend();
    const autosave = store({
      send,
      results: { "1.1.1": { value: "non_acquis", comment: "Lent" }, "1.1.2": { value: "acquis", comment: "" } },
    });
    autosave.edit("1.1.1", { value: "", comment: "" }); // cleared
    autosave.edit("1.1.2", { value: "", comment: "Revoir" }); // emptied, a comment typed
    autosave.edit("2.1.1", { comment: "Pas encore évalué" }); // a comment alone
    await vi.advanceTimersByTimeAsync(800);
    expect(requests).toEqual([
      {
        revision: 3,
        idempotencyKey: "key-1",
        results: [
          { itemCode: "1.1.1", value: null, comment: "" },
          { itemCode: "1.1.2", value: null, comment: "" },
        ],
      },
    ]);

    await answer({ kind: "saved", revision: 4 });
    const snapshot = autosave.getSnapshot();
    expect(snapshot.base["1.1.1"]).toEqual({ value: "", comment: "" });
    expect(snapshot.base["1.1.2"]).toEqual({ value: "", comment: "" });
    // The comments without a result stay on screen, unsaved; nothing more is sent
    expect(Object.keys(snapshot.pending).sort()).toEqual(["1.1.2", "2.1.1"]);
    expect(snapshot.status).toBe("saved");
    await expect(autosave.whenSettled()).resolves.toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
