/**
 * Save-as-you-go of an accreditation application form, independent of React.
 *
 * The form is saved whole (`saveApplication` takes every field) `delay` ms
 * after the last change, with the revision it was read at and a fresh
 * idempotency key. One request at a time: changes made while a save is in
 * flight leave with the next one.
 *
 * A network failure retries (1 s, 2 s, 5 s, 10 s, 30 s and on the browser's
 * `online` event) the *same* request: same values, same revision, same key.
 * The first one may have been saved with only its answer lost; the server
 * then answers the retry as it answered the first time instead of reporting
 * a stale revision. Changes made while retrying are not slipped into the
 * retry: sent with the old revision and a new key, they would meet that very
 * false conflict (and with the old key they would be dropped as a replay).
 * As with the evaluation grid's batches, they wait for the next save, a new
 * request with a new key, sent once the retry is answered. Any other answer
 * (saved, refused, conflict, failure), `reload()` or `overwrite()` ends the
 * retried request.
 *
 * Values the API refuses (an invalid SIRET…) come back as field errors:
 * nothing is saved until the next change. A stale revision stops autosaving
 * and keeps the user's values on screen: `reload()` takes the server's
 * version, `overwrite()` saves the user's values over it.
 */

import { AutosaveEngine, RETRY_DELAYS } from "../autosave/engine";
import type { AccreditationScope, NationalNetwork } from "../gql/graphql";
import type { PayloadError } from "../graphql/errors";
import { randomKey } from "../graphql/idempotency";

export interface EvaluatorValues {
  fullName: string;
  email: string;
  qualifications: string;
}

export interface SiteValues {
  siret: string;
  name: string;
  addressLine: string;
  postalCode: string;
  city: string;
  region: string;
  contactEmail: string;
  contactPhone: string;
  evaluators: EvaluatorValues[];
  /** What the site asks to be accredited for (evidence: evaluators, trainers, or both). */
  scope: AccreditationScope;
  trainers: EvaluatorValues[];
}

export interface ApplicationValues {
  network: NationalNetwork | null;
  sites: SiteValues[];
  /** Keys of the declarations checked. */
  declarations: string[];
}

export interface SaveRequest {
  revision: number;
  values: ApplicationValues;
  /** Fresh per request; the same when that request is retried after a network failure. */
  idempotencyKey: string;
}

export type SaveResponse =
  | { kind: "saved"; revision: number }
  /** STALE_REVISION: saved elsewhere since this page read it. */
  | { kind: "conflict"; message: string }
  /** Payload errors (invalid SIRET, postal code…): nothing saved. */
  | { kind: "invalid"; errors: readonly PayloadError[] }
  /** The request may not have reached the server: retry. */
  | { kind: "network" }
  /** Top-level error (session expired, access refused…) or a refused state. */
  | { kind: "failed"; message: string };

export type ApplicationSaveStatus =
  | "idle"
  | "pending"
  | "saving"
  | "saved"
  | "offline"
  | "conflict"
  | "invalid"
  | "error";

export interface ApplicationAutosaveSnapshot {
  readonly status: ApplicationSaveStatus;
  /** What the form shows (the user's values, saved or not). */
  readonly values: ApplicationValues;
  /** Revision the next save starts from. */
  readonly revision: number;
  /** Messages of refused values by API field path (`sites[0].siret`). */
  readonly fieldErrors: Readonly<Record<string, string>>;
  /** Conflict, refusal or failure explanation (French). */
  readonly message: string | null;
  /** Time of the last acknowledged save (ms). */
  readonly lastSavedAt: number | null;
  /** True while some values are not saved yet. */
  readonly dirty: boolean;
}

export interface ApplicationAutosaveOptions {
  revision: number;
  values: ApplicationValues;
  send: (request: SaveRequest) => Promise<SaveResponse>;
  /** Debounce after the last change (ms). */
  delay?: number;
  /** Waits between network retries (ms); the last one repeats. */
  retryDelays?: readonly number[];
  now?: () => number;
  /** Idempotency keys (tests pass predictable ones). */
  newKey?: () => string;
}

export const APPLICATION_AUTOSAVE_DELAY = 1000;
export const APPLICATION_RETRY_DELAYS: readonly number[] = RETRY_DELAYS;

export const EMPTY_EVALUATOR: EvaluatorValues = { fullName: "", email: "", qualifications: "" };

export const EMPTY_SITE: SiteValues = {
  siret: "",
  name: "",
  addressLine: "",
  postalCode: "",
  city: "",
  region: "",
  contactEmail: "",
  contactPhone: "",
  evaluators: [],
  scope: "EVALUATION",
  trainers: [],
};

export const INVALID_MESSAGE = "Certaines valeurs sont refusées : corrigez les champs signalés pour enregistrer.";

interface ApplicationLike {
  revision: number;
  network?: NationalNetwork | null;
  sites: readonly (Omit<SiteValues, "evaluators" | "trainers" | "scope"> & {
    evaluators: readonly EvaluatorValues[];
    scope?: AccreditationScope;
    trainers?: readonly EvaluatorValues[];
  })[];
  declarations: readonly { key: string; checked: boolean }[];
}

/** The form values of an application as the API returns it. */
export function valuesOf(application: ApplicationLike): ApplicationValues {
  return {
    network: application.network ?? null,
    sites: application.sites.map((site) => ({
      siret: site.siret,
      name: site.name,
      addressLine: site.addressLine,
      postalCode: site.postalCode,
      city: site.city,
      region: site.region,
      contactEmail: site.contactEmail,
      contactPhone: site.contactPhone,
      evaluators: site.evaluators.map((e) => ({
        fullName: e.fullName,
        email: e.email,
        qualifications: e.qualifications,
      })),
      scope: site.scope ?? "EVALUATION",
      trainers: (site.trainers ?? []).map((t) => ({
        fullName: t.fullName,
        email: t.email,
        qualifications: t.qualifications,
      })),
    })),
    declarations: application.declarations.filter((d) => d.checked).map((d) => d.key),
  };
}

/** The application form's engine (see `autosave/engine.ts` for timers, retries and the store). */
export class ApplicationAutosave extends AutosaveEngine<ApplicationAutosaveSnapshot> {
  private inFlight: Promise<void> | null = null;
  /** The request a network failure left unanswered: retried as it is, key included. */
  private retrying: SaveRequest | null = null;
  private readonly options: Required<ApplicationAutosaveOptions>;

  constructor(options: ApplicationAutosaveOptions) {
    super();
    this.options = {
      ...options,
      delay: options.delay ?? APPLICATION_AUTOSAVE_DELAY,
      retryDelays: options.retryDelays ?? APPLICATION_RETRY_DELAYS,
      now: options.now ?? (() => Date.now()),
      newKey: options.newKey ?? randomKey,
    };
    this.state = {
      status: "idle",
      values: options.values,
      revision: options.revision,
      fieldErrors: {},
      message: null,
      lastSavedAt: null,
      dirty: false,
    };
  }

  /** Starts timers and the `online` listener (called from an effect). */
  start(): void {
    this.active = true;
    this.listenOnline(this.onOnline);
    if (this.state.dirty && this.state.status !== "conflict") this.schedule(this.options.delay);
  }

  stop(): void {
    this.active = false;
    this.clearTimers();
    this.unlistenOnline(this.onOnline);
  }

  /** A change in the form: shown at once, saved after the delay. */
  update(change: ApplicationValues | ((values: ApplicationValues) => ApplicationValues)): void {
    const values = typeof change === "function" ? change(this.state.values) : change;
    if (values === this.state.values) return;
    const keepStatus = this.state.status === "conflict" || this.state.status === "saving";
    this.set({
      values,
      dirty: true,
      status: keepStatus ? this.state.status : "pending",
    });
    if (this.state.status !== "conflict" && !this.inFlight) this.schedule(this.options.delay);
  }

  /** Saves now (e.g. "Réessayer maintenant"). */
  saveNow(): Promise<void> {
    this.clearTimers();
    return this.send();
  }

  /**
   * Waits until every change is saved (sending what is waiting); true when the
   * form is saved, false on a conflict, refused values or a failure.
   */
  async flush(): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.inFlight) await this.inFlight;
      if (!this.state.dirty) break;
      if (this.state.status === "conflict") return false;
      this.clearTimers();
      await this.send();
      if (this.state.status !== "saved" && this.state.status !== "pending") break;
    }
    return !this.state.dirty && !this.inFlight;
  }

  /** After a conflict: the server's version replaces the form. */
  reload(server: { revision: number; values: ApplicationValues }): void {
    this.generation++;
    this.clearTimers();
    this.inFlight = null;
    this.retrying = null;
    this.retries = 0;
    this.set({
      status: "idle",
      values: server.values,
      revision: server.revision,
      fieldErrors: {},
      message: null,
      dirty: false,
    });
  }

  /** After a conflict: the user's values are saved over the server's `revision`. */
  overwrite(revision: number): Promise<void> {
    this.generation++;
    this.clearTimers();
    this.inFlight = null;
    this.retrying = null;
    this.retries = 0;
    this.set({ status: "pending", revision, message: null, dirty: true });
    return this.send();
  }

  // ---- internals ----

  private onOnline = () => {
    if (this.state.status === "offline") void this.saveNow();
  };

  private schedule(delay: number): void {
    this.debounce(delay, () => void this.send());
  }

  private send(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (!this.state.dirty || this.state.status === "conflict") return Promise.resolve();
    const generation = this.generation;
    // A timer left from before (debounce or retry) would only send this request again.
    this.clearTimers();
    const request: SaveRequest = this.retrying ?? {
      revision: this.state.revision,
      values: this.state.values,
      idempotencyKey: this.options.newKey(),
    };
    // A retried request may leave changes made meanwhile for the next save.
    this.set({ status: "saving", dirty: this.state.values !== request.values });
    const run = async () => {
      let response: SaveResponse;
      try {
        response = await this.options.send(request);
      } catch {
        response = { kind: "network" };
      }
      if (generation !== this.generation) return;
      this.inFlight = null;
      this.handle(request, response);
    };
    this.inFlight = run();
    return this.inFlight;
  }

  private handle(request: SaveRequest, response: SaveResponse): void {
    // Changes made while the request was in flight (or waiting to be retried) are still to be saved.
    const changedMeanwhile = this.state.values !== request.values;
    // Only a network failure keeps the request (and its key) for a retry.
    this.retrying = response.kind === "network" ? request : null;
    switch (response.kind) {
      case "saved":
        this.retries = 0;
        this.set({
          revision: response.revision,
          fieldErrors: {},
          message: null,
          lastSavedAt: this.options.now(),
          dirty: changedMeanwhile,
          status: changedMeanwhile ? "pending" : "saved",
        });
        if (changedMeanwhile) this.schedule(this.options.delay);
        return;
      case "invalid": {
        this.retries = 0;
        const fieldErrors: Record<string, string> = {};
        const general: string[] = [];
        for (const error of response.errors) {
          if (error.field) {
            if (!fieldErrors[error.field]) fieldErrors[error.field] = error.message;
          } else {
            general.push(error.message);
          }
        }
        this.set({
          status: "invalid",
          fieldErrors,
          message: general.length > 0 ? general.join(" ") : INVALID_MESSAGE,
          dirty: true,
        });
        if (changedMeanwhile) this.schedule(this.options.delay);
        return;
      }
      case "conflict":
        this.set({ status: "conflict", message: response.message, dirty: true });
        return;
      case "failed":
        this.set({ status: "error", message: response.message, dirty: true });
        return;
      case "network": {
        const wait = this.nextRetryWait(this.options.retryDelays, 30000);
        this.set({ status: "offline", dirty: true });
        this.retryAfter(wait, () => void this.send());
        return;
      }
    }
  }
}
