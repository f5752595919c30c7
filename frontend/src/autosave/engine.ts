/**
 * The save-as-you-go engine every autosaving screen is built on, independent of React.
 *
 * It owns what all of them share: a snapshot store for `useSyncExternalStore`
 * (`subscribe` / `getSnapshot` / `set`), the debounce timer that sends a save
 * some time after the last change, the retry timer with its backoff after a
 * network failure (also retried on the browser's `online` event), the `active`
 * flag (timers only run while the screen is mounted) and the `generation`
 * counter that makes answers to requests older than a reload be ignored.
 *
 * A screen's engine extends it with what it saves and how answers merge:
 * `pathway/grid/autosave.ts` (evaluation grid: batches of results, kept in
 * sessionStorage) and `accreditations/applicationAutosave.ts` (accreditation
 * application: the whole form). `useAutosave` is the React glue.
 */

export const RETRY_DELAYS: readonly number[] = [1000, 2000, 5000, 10000, 30000];

export interface AutosaveStore<S> {
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => S;
  start: () => void;
  stop: () => void;
}

export abstract class AutosaveEngine<S extends object> implements AutosaveStore<S> {
  protected state!: S;
  /** Timers run only while started (the screen is mounted). */
  protected active = false;
  /** Bumped by a reload: answers to older requests are ignored. */
  protected generation = 0;
  /** Network failures in a row (the index in the retry delays). */
  protected retries = 0;
  private readonly listeners = new Set<() => void>();
  private debounceTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  abstract start(): void;
  abstract stop(): void;

  // ---- React glue (useSyncExternalStore) ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): S => this.state;

  /** A new snapshot, announced to every subscriber. */
  protected set(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  // ---- the browser's `online` event ----

  protected listenOnline(handler: () => void): void {
    if (typeof window !== "undefined") window.addEventListener("online", handler);
  }

  protected unlistenOnline(handler: () => void): void {
    if (typeof window !== "undefined") window.removeEventListener("online", handler);
  }

  // ---- timers ----

  /** Runs `action` `delay` ms after the last call (nothing while stopped). */
  protected debounce(delay: number, action: () => void): void {
    if (!this.active) return;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      action();
    }, delay);
  }

  protected cancelDebounce(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
  }

  protected cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  protected clearTimers(): void {
    this.cancelDebounce();
    this.cancelRetry();
  }

  /** The wait before the next retry (the last delay repeats); counts the failure. */
  protected nextRetryWait(delays: readonly number[], fallback: number): number {
    const wait = delays[Math.min(this.retries, delays.length - 1)] ?? fallback;
    this.retries += 1;
    return wait;
  }

  /** Runs `action` after `wait` ms (nothing while stopped). */
  protected retryAfter(wait: number, action: () => void): void {
    if (!this.active) return;
    this.cancelRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      action();
    }, wait);
  }
}
