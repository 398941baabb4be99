import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type GlobalPosition } from '@continuum/event-store';
import type { CommandContext } from '@continuum/kernel';
import {
  mergePartners,
  partnerStream,
  undoMerge,
  type MergePartnersInput,
  type UndoMergeInput,
} from '@continuum/partners';

/** The duplicate's revision after a merge or its undo (its ETag), and where the last write landed. */
export interface MergeAccepted {
  readonly revision: number;
  readonly position: GlobalPosition | undefined;
}

/** Merges a duplicate partner into its survivor (two streams: the duplicate, then the survivor). */
export class MergePartners extends Command<MergeAccepted> {
  constructor(
    readonly input: MergePartnersInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Gives a merged duplicate its records back and releases them from the survivor. */
export class UndoPartnerMerge extends Command<MergeAccepted> {
  constructor(
    readonly input: UndoMergeInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

// The merge outcome carries states, not revisions: a merged duplicate refuses everything but
// an undo, so its last revision read right after is the one the merge left.
async function duplicateRevision(store: EventStore, duplicateId: string): Promise<number> {
  const [last] = await store.readStream(partnerStream(duplicateId), { direction: 'backwards', maxCount: 1 });
  return last?.revision ?? -1;
}

@CommandHandler(MergePartners)
export class MergePartnersHandler implements ICommandHandler<MergePartners, MergeAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: MergePartners): Promise<MergeAccepted> {
    const { position } = await mergePartners(this.store, input, context);
    return { revision: await duplicateRevision(this.store, input.duplicateId), position };
  }
}

@CommandHandler(UndoPartnerMerge)
export class UndoPartnerMergeHandler implements ICommandHandler<UndoPartnerMerge, MergeAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: UndoPartnerMerge): Promise<MergeAccepted> {
    const { position } = await undoMerge(this.store, input, context);
    return { revision: await duplicateRevision(this.store, input.duplicateId), position };
  }
}
