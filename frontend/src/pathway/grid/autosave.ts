/**
 * Autosave of an evaluation grid, independent of React.
 *
 * Local edits are kept in `pending` (and in sessionStorage) until the server
 * acknowledges them. Edits are batched: a batch leaves `delay` ms after the
 * last edit, with the grid revision it started from and a fresh idempotency
 * key. A network failure retries the *same* batch with the *same* key (the
 * server replays its first answer if it did apply it); edits made meanwhile
 * wait for the next batch. A stale revision stops autosaving until the grid
 * is reloaded: local values stay on screen; after the reload, the items
 * someone else changed take the server's value and the user's value is kept
 * aside (`discarded`) so that it can be restored. Emptying an item that has a
 * saved value clears it on the server (`value: null`); a comment alone is never
 * sent.
 */

import { AutosaveEngine, RETRY_DELAYS as ENGINE_RETRY_DELAYS } from "../../autosave/engine";
import { randomKey } from "../../graphql/idempotency";

export interface ResultEntry {
  value: string;
  comment: string;
}

export type Entries = Readonly<Record<string, ResultEntry>>;

export interface SaveRequest {
  revision: number;
  idempotencyKey: string;
  /** `value: null` clears the item's saved result (and its comment). */
  results: { itemCode: string; value: string | null; comment: string }[];
}

export type SaveResponse =
  | { kind: "saved"; revision: number }
  /** STALE_REVISION: `items` were changed by someone else. */
  | { kind: "conflict"; items: string[]; message: string }
  /** Other payload errors (invalid value, closed evaluation…): nothing saved. */
  | { kind: "rejected"; items: string[]; message: string }
  /** The request may not have reached the server: retry with the same key. */
  | { kind: "network" }
  /** Top-level error (session expired, access refused…): nothing saved. */
  | { kind: "failed"; message: string };

export type AutosaveStatus =
  | "idle"
  | "pending"
  | "saving"
  | "saved"
  | "offline"
  | "conflict"
  | "error";

export interface AutosaveSnapshot {
  readonly status: AutosaveStatus;
  /** Grid revision the next batch starts from. */
  readonly revision: number;
  /** Server values, plus what this page saved since. */
  readonly base: Entries;
  /** Local values not yet acknowledged (in flight included). */
  readonly pending: Entries;
  /** Local values replaced by someone else's after a conflict, restorable. */
  readonly discarded: Entries;
  readonly conflictItems: readonly string[];
  readonly errorItems: readonly string[];
  readonly message: string | null;
  /** Time of the last acknowledged save (ms). */
  readonly lastSavedAt: number | null;
}

interface Batch {
  key: string;
  revision: number;
  entries: Record<string, ResultEntry>;
}

interface Stored {
  revision: number;
  pending: Record<string, ResultEntry>;
  inFlight: Batch | null;
}

export interface AutosaveOptions {
  evaluationId: string;
  /** Server revision and results when the page loaded. */
  revision: number;
  results: Entries;
  send: (request: SaveRequest) => Promise<SaveResponse>;
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null;
  /** Debounce after the last edit (ms). */
  delay?: number;
  /** Waits between network retries (ms); the last one repeats. */
  retryDelays?: readonly number[];
  newKey?: () => string;
  now?: () => number;
}

export const AUTOSAVE_DELAY = 800;
export const RETRY_DELAYS: readonly number[] = ENGINE_RETRY_DELAYS;
/** The API takes at most 500 results per call. */
export const MAX_BATCH = 500;

const EMPTY: ResultEntry = { value: "", comment: "" };

export function storageKey(evaluationId: string): string {
  return `clea.grille.${evaluationId}`;
}

export function sameEntry(a: ResultEntry | undefined, b: ResultEntry | undefined): boolean {
  const x = a ?? EMPTY;
  const y = b ?? EMPTY;
  return x.value === y.value && x.comment === y.comment;
}

function readStored(
  storage: AutosaveOptions["storage"],
  evaluationId: string,
): Stored | null {
  if (!storage) return null;
  try {
    const raw = storage.getItem(storageKey(evaluationId));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Stored>;
    if (typeof parsed.revision !== "number" || !parsed.pending || typeof parsed.pending !== "object") {
      return null;
    }
    return { revision: parsed.revision, pending: parsed.pending, inFlight: parsed.inFlight ?? null };
  } catch {
    return null;
  }
}

/** The evaluation grid's engine (see `autosave/engine.ts` for timers, retries and the store). */
export class GridAutosave extends AutosaveEngine<AutosaveSnapshot> {
  private inFlight: Batch | null = null;
  /** A batch restored from storage, resent first with its key. */
  private resume: Batch | null = null;
  private settleWaiters: ((ok: boolean) => void)[] = [];
  private readonly options: Required<Omit<AutosaveOptions, "storage">> & {
    storage: AutosaveOptions["storage"];
  };

  constructor(options: AutosaveOptions) {
    super();
    this.options = {
      delay: AUTOSAVE_DELAY,
      retryDelays: RETRY_DELAYS,
      newKey: randomKey,
      now: () => Date.now(),
      storage: null,
      ...options,
    };
    const stored = readStored(this.options.storage, options.evaluationId);
    const pending: Record<string, ResultEntry> = {};
    for (const [code, entry] of Object.entries(stored?.pending ?? {})) {
      if (entry && typeof entry.value === "string" && typeof entry.comment === "string") {
        if (!sameEntry(entry, options.results[code])) pending[code] = entry;
      }
    }
    this.resume = stored?.inFlight ?? null;
    this.state = {
      status: Object.keys(pending).length > 0 ? "pending" : "idle",
      // Unsent edits start from the revision they were made on: if someone
      // changed the grid since, the save reports a conflict.
      revision:
        stored && Object.keys(pending).length > 0
          ? Math.min(stored.revision, options.revision)
          : options.revision,
      base: { ...options.results },
      pending,
      discarded: {},
      conflictItems: [],
      errorItems: [],
      message: null,
      lastSavedAt: null,
    };
    if (Object.keys(pending).length === 0) this.resume = null;
  }

  /** Starts timers and listeners (called from an effect); sends what was restored. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.listenOnline(this.retryNow);
    if (this.inFlight) return;
    if (this.resume) {
      const batch = this.resume;
      this.resume = null;
      void this.sendBatch(batch);
    } else if (this.hasSendable()) {
      this.schedule();
    }
  }

  /** Stops timers (unmount). Answers still update the state and the storage. */
  stop(): void {
    this.active = false;
    this.clearTimers();
    this.unlistenOnline(this.retryNow);
  }

  // ---- Queries ----

  /** What to display for an item: the local value, else the saved one. */
  entry(code: string): ResultEntry {
    return this.state.pending[code] ?? this.state.base[code] ?? EMPTY;
  }

  /** True while some local edit is not acknowledged. */
  hasUnsaved(): boolean {
    return Object.keys(this.state.pending).length > 0 || this.inFlight !== null;
  }

  // ---- Commands ----

  /** Records a local change (value and/or comment) and schedules a save. */
  edit(code: string, patch: Partial<ResultEntry>): void {
    this.editMany({ [code]: patch });
  }

  /** Several items changed at once (a sub-domain marked « acquis », or that undone):
   * one change of the snapshot, one save. */
  editMany(patches: Readonly<Record<string, Partial<ResultEntry>>>): void {
    const pending = { ...this.state.pending };
    const discarded = { ...this.state.discarded };
    for (const [code, patch] of Object.entries(patches)) {
      const current = pending[code] ?? this.state.base[code] ?? EMPTY;
      const next: ResultEntry = { ...current, ...patch };
      const inFlight = this.inFlight?.entries[code];
      if (sameEntry(next, this.state.base[code]) && !inFlight) delete pending[code];
      else pending[code] = next;
      delete discarded[code];
    }
    let status = this.state.status;
    if (status !== "conflict" && status !== "offline") {
      status = this.inFlight ? "saving" : Object.keys(pending).length > 0 ? "pending" : this.restingStatus();
    }
    this.set({ pending, discarded, status });
    this.persist();
    if (this.state.status !== "conflict") this.schedule();
  }

  /** Sends the pending changes now (no-op while a batch is in flight or in conflict). */
  flush = (): void => {
    this.cancelDebounce();
    if (this.inFlight || this.state.status === "conflict") return;
    const entries: Record<string, ResultEntry> = {};
    let count = 0;
    for (const [code, entry] of Object.entries(this.state.pending)) {
      if (!this.sendable(code, entry)) continue; // a comment alone cannot be saved
      // Clearing drops the comment too: that is what the server keeps.
      entries[code] = entry.value === "" ? { value: "", comment: "" } : entry;
      if (++count >= MAX_BATCH) break;
    }
    if (count === 0) {
      if (this.state.status === "pending") this.set({ status: this.restingStatus() });
      this.notifySettled();
      return;
    }
    void this.sendBatch({ key: this.options.newKey(), revision: this.state.revision, entries });
  };

  /** Retries at once after a network failure (also on the browser's `online` event). */
  retryNow = (): void => {
    this.cancelRetry();
    if (this.inFlight && this.state.status === "offline") {
      void this.sendBatch(this.inFlight);
    } else if (this.state.status === "error" || this.state.status === "offline") {
      this.flush();
    }
  };

  /**
   * Takes fresh server data (after a conflict): the revision and values
   * become the server's; the user's values of the conflicting items are put
   * aside, the other local edits are sent again.
   */
  reload(revision: number, results: Entries): void {
    this.generation += 1;
    this.clearTimers();
    this.inFlight = null;
    this.retries = 0;
    const conflicting = new Set(this.state.conflictItems);
    const pending: Record<string, ResultEntry> = {};
    const discarded: Record<string, ResultEntry> = { ...this.state.discarded };
    for (const [code, entry] of Object.entries(this.state.pending)) {
      if (sameEntry(entry, results[code])) continue;
      if (conflicting.has(code)) discarded[code] = entry;
      else pending[code] = entry;
    }
    this.set({
      revision,
      base: { ...results },
      pending,
      discarded,
      conflictItems: [],
      errorItems: [],
      message: null,
      status: Object.keys(pending).length > 0 ? "pending" : this.restingStatus(),
    });
    this.persist();
    if (this.hasSendable()) this.flush();
  }

  /** Puts back the value the user had typed for an item lost in a conflict. */
  restoreDiscarded(code: string): void {
    const entry = this.state.discarded[code];
    if (!entry) return;
    this.edit(code, entry);
  }

  /** Forgets the value put aside for an item. */
  dismissDiscarded(code: string): void {
    if (!this.state.discarded[code]) return;
    const discarded = { ...this.state.discarded };
    delete discarded[code];
    this.set({ discarded });
  }

  /**
   * Sends what is pending and resolves once everything is acknowledged
   * (true), or as soon as saving is blocked (conflict, error, offline: false).
   */
  whenSettled(): Promise<boolean> {
    if (!this.inFlight && !this.hasSendable()) return Promise.resolve(true);
    const blocked: AutosaveStatus[] = ["conflict", "error", "offline"];
    if (blocked.includes(this.state.status)) return Promise.resolve(false);
    const promise = new Promise<boolean>((resolve) => this.settleWaiters.push(resolve));
    if (!this.inFlight) this.flush();
    return promise;
  }

  // ---- Internals ----

  private hasSendable(): boolean {
    return Object.entries(this.state.pending).some(([code, entry]) => this.sendable(code, entry));
  }

  /** A value to save, or the clearing of a saved one; not a comment alone. */
  private sendable(code: string, entry: ResultEntry, base: Entries = this.state.base): boolean {
    return entry.value !== "" || (base[code]?.value ?? "") !== "";
  }

  private restingStatus(): AutosaveStatus {
    return this.state.lastSavedAt !== null ? "saved" : "idle";
  }

  private schedule(): void {
    this.debounce(this.options.delay, this.flush);
  }

  private async sendBatch(batch: Batch): Promise<void> {
    const generation = this.generation;
    this.inFlight = batch;
    if (this.state.status !== "offline") this.set({ status: "saving" });
    this.persist();
    let response: SaveResponse;
    try {
      response = await this.options.send({
        revision: batch.revision,
        idempotencyKey: batch.key,
        results: Object.entries(batch.entries).map(([itemCode, entry]) => ({
          itemCode,
          value: entry.value === "" ? null : entry.value,
          comment: entry.value === "" ? "" : entry.comment,
        })),
      });
    } catch {
      response = { kind: "network" };
    }
    if (generation !== this.generation) return; // reloaded meanwhile
    this.handle(batch, response);
  }

  private handle(batch: Batch, response: SaveResponse): void {
    switch (response.kind) {
      case "saved": {
        this.inFlight = null;
        this.retries = 0;
        const base = { ...this.state.base };
        const pending = { ...this.state.pending };
        for (const [code, entry] of Object.entries(batch.entries)) {
          base[code] = entry;
          if (sameEntry(pending[code], entry)) delete pending[code];
        }
        const more = Object.entries(pending).some(([code, entry]) => this.sendable(code, entry, base));
        this.set({
          revision: response.revision,
          base,
          pending,
          errorItems: [],
          message: null,
          lastSavedAt: this.options.now(),
          status: more ? "pending" : "saved",
        });
        this.persist();
        if (more) {
          // Edits made during the request: send them now if someone waits, else debounce.
          if (this.settleWaiters.length > 0) this.flush();
          else this.schedule();
        } else {
          this.notifySettled();
        }
        return;
      }
      case "conflict":
        this.inFlight = null;
        this.set({
          status: "conflict",
          conflictItems: response.items,
          message: response.message,
        });
        this.persist();
        this.notifySettled(false);
        return;
      case "rejected":
        this.inFlight = null;
        this.set({ status: "error", errorItems: response.items, message: response.message });
        this.persist();
        this.notifySettled(false);
        return;
      case "failed":
        this.inFlight = null;
        this.set({ status: "error", errorItems: [], message: response.message });
        this.persist();
        this.notifySettled(false);
        return;
      case "network": {
        // Keep the batch and its key: the retry must be the same request.
        const wait = this.nextRetryWait(this.options.retryDelays, 5000);
        this.set({ status: "offline", message: null });
        this.persist();
        this.notifySettled(false);
        this.retryAfter(wait, this.retryNow);
        return;
      }
    }
  }

  private notifySettled(ok?: boolean): void {
    if (this.settleWaiters.length === 0) return;
    const settled = ok ?? (!this.inFlight && !this.hasSendable());
    if (ok === undefined && !settled) return;
    const waiters = this.settleWaiters;
    this.settleWaiters = [];
    waiters.forEach((resolve) => resolve(settled));
  }

  private persist(): void {
    const storage = this.options.storage;
    if (!storage) return;
    const key = storageKey(this.options.evaluationId);
    try {
      if (Object.keys(this.state.pending).length === 0 && !this.inFlight) {
        storage.removeItem(key);
        return;
      }
      const stored: Stored = {
        revision: this.state.revision,
        pending: { ...this.state.pending },
        inFlight: this.inFlight,
      };
      storage.setItem(key, JSON.stringify(stored));
    } catch {
      // Storage full or disabled: the values stay in memory.
    }
  }
}
