import type { BenchEvent } from './payload';

export const contenderNames = ['continuum', 'emmett', 'plain', 'continuum-alone'] as const;
export type ContenderName = (typeof contenderNames)[number];

export const contenderLabels: Record<ContenderName, string> = {
  continuum: 'Continuum',
  emmett: 'Emmett 0.42.0',
  plain: 'plain INSERT',
  'continuum-alone': 'Continuum, no group commit',
};

export const isContenderName = (value: string | undefined): value is ContenderName =>
  contenderNames.some((name) => name === value);

/** What every contender must offer the workloads. */
export interface StoreContender {
  /** `revision`: the stream's last 0-based revision before this append, -1 when it does not exist yet. */
  append(stream: string, events: readonly BenchEvent[], revision: number): Promise<void>;
  /** Reads the whole global feed from its start in pages of `pageSize`; returns event ids as delivered. */
  readFeed(pageSize: number): Promise<string[]>;
  close(): Promise<void>;
}
