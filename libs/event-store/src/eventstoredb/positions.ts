import { START, type Position, type ReadPosition } from '@eventstore/db-client';
import type { GlobalPosition } from '../port';

/** EventStoreDB's `{commit, prepare}` log position as the port's position (both parts kept). */
export const fromDbPosition = (position: Position): GlobalPosition => ({
  commit: position.commit,
  prepare: position.prepare,
});

export const toDbPosition = (position: GlobalPosition): Position => ({
  commit: position.commit,
  prepare: position.prepare,
});

/** Where a forward read or subscription starts: the log's start when nothing was stored yet. */
export const readPositionFrom = (from: GlobalPosition | undefined): ReadPosition =>
  from === undefined ? START : toDbPosition(from);
