/** Where the runtime reads the time: timers come due against it, so tests can move it forward. */
export interface Clock {
  now(): Date;
}

/** Injection token for the runtime's clock (a Nest provider; tests swap in a ManualClock). */
export const WORKFLOW_CLOCK = Symbol('WORKFLOW_CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to: tests use it to bring timers due. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}
