import type { EventStore, GlobalPosition, RecordedEvent } from '@continuum/event-store';
import { fold, handleCommand, ruleBroken, toDomainEvents, type CommandContext } from '@continuum/kernel';
import type { SurvivorStatus } from './partner.commands';
import type { PartnerEvent, PartnerMergedInto, PartnerMergeUndone } from './partner.events';
import { partnerDecider, partnerStream } from './partner';
import { partnerRefusals } from './partner.rules';
import type { PartnerState } from './partner.state';

export interface MergePartnersInput {
  readonly duplicateId: string;
  readonly survivorId: string;
  readonly mergedBy: string;
  readonly reason: string;
}

export interface UndoMergeInput {
  readonly duplicateId: string;
  readonly undoneBy: string;
  readonly reason: string;
}

export interface MergeOutcome {
  readonly duplicate: PartnerState;
  readonly survivor: PartnerState;
  /** Where the last write landed, for read-your-writes; undefined when a retry found nothing to do. */
  readonly position: GlobalPosition | undefined;
}

async function load(store: EventStore, partnerId: string) {
  const recorded = await store.readStream(partnerStream(partnerId));
  return { recorded, state: fold(partnerDecider, toDomainEvents<PartnerEvent>(recorded)) };
}

const survivorStatusOf = (state: PartnerState): SurvivorStatus =>
  state.status === 'unregistered'
    ? { exists: false }
    : { exists: true, ...(state.mergedInto ? { mergedInto: state.mergedInto.survivorId } : {}) };

type Recorded<Event extends PartnerEvent> = RecordedEvent<Event['type'], Event['data']>;
type MergeStep = Recorded<PartnerMergedInto> | Recorded<PartnerMergeUndone>;

const isMergeStep = (event: RecordedEvent): event is MergeStep =>
  event.type === 'PartnerMergedInto' || event.type === 'PartnerMergeUndone';

const lastMergeStep = (recorded: readonly RecordedEvent[]): MergeStep | undefined =>
  recorded.findLast(isMergeStep);

/** Step two's context: ids derived from step one's event, a causation link, and no client revision. */
const followUp = (context: CommandContext, cause: RecordedEvent, step: string): CommandContext => ({
  metadata: { ...context.metadata, causationId: cause.id },
  idempotencyKey: `${step}:${cause.id}`,
});

/** Merges a duplicate into its survivor: the duplicate records the merge, then the survivor absorbs it. */
export async function mergePartners(
  store: EventStore,
  input: MergePartnersInput,
  context: CommandContext,
): Promise<MergeOutcome> {
  const { duplicateId, survivorId, mergedBy, reason } = input;
  const duplicate = await load(store, duplicateId);
  let step = lastMergeStep(duplicate.recorded);
  const resuming =
    duplicate.state.status === 'merged' && duplicate.state.mergedInto?.survivorId === survivorId;
  let position: GlobalPosition | undefined;
  let duplicateState = duplicate.state;
  if (!resuming) {
    const survivor = await load(store, survivorId);
    const outcome = await handleCommand(
      store,
      partnerDecider,
      partnerStream(duplicateId),
      {
        type: 'MergeIntoSurvivor',
        data: {
          partnerId: duplicateId,
          survivorId,
          survivor: survivorStatusOf(survivor.state),
          mergedBy,
          reason,
        },
      },
      context,
    );
    const written = await store.readStream(partnerStream(duplicateId), { fromRevision: outcome.revision });
    step = lastMergeStep(written);
    position = outcome.position;
    duplicateState = outcome.state;
  }
  const merge = step?.type === 'PartnerMergedInto' ? step : undefined;
  if (!merge) throw new Error(`Partner ${duplicateId} has no merge event after merging`);
  // Safe to retry: a re-run skips step one once the merge is recorded, and these ids derive from it, so nothing doubles.
  const absorbed = await handleCommand(
    store,
    partnerDecider,
    partnerStream(survivorId),
    {
      type: 'AbsorbDuplicate',
      data: {
        partnerId: survivorId,
        duplicateId,
        externalLinks: merge.data.externalLinks,
        contacts: merge.data.contacts,
      },
    },
    followUp(context, merge, 'absorb'),
  );
  return { duplicate: duplicateState, survivor: absorbed.state, position: absorbed.position ?? position };
}

/** Undoes a merge: the duplicate takes its records back, then the survivor releases them. */
export async function undoMerge(
  store: EventStore,
  input: UndoMergeInput,
  context: CommandContext,
): Promise<MergeOutcome> {
  const { duplicateId, undoneBy, reason } = input;
  const duplicate = await load(store, duplicateId);
  let position: GlobalPosition | undefined;
  let duplicateState = duplicate.state;
  let step = lastMergeStep(duplicate.recorded);
  if (step?.type !== 'PartnerMergeUndone') {
    await refuseWhenSurvivorMoved(store, step?.data.survivorId);
    const outcome = await handleCommand(
      store,
      partnerDecider,
      partnerStream(duplicateId),
      { type: 'UndoMerge', data: { partnerId: duplicateId, undoneBy, reason } },
      context,
    );
    const written = await store.readStream(partnerStream(duplicateId), { fromRevision: outcome.revision });
    step = lastMergeStep(written);
    position = outcome.position;
    duplicateState = outcome.state;
  }
  const undo = step?.type === 'PartnerMergeUndone' ? step : undefined;
  if (!undo) throw new Error(`Partner ${duplicateId} has no undo event after undoing its merge`);
  // Safe to retry: a re-run skips step one once the undo is recorded, and these ids derive from it, so nothing doubles.
  const released = await handleCommand(
    store,
    partnerDecider,
    partnerStream(undo.data.survivorId),
    { type: 'ReleaseDuplicate', data: { partnerId: undo.data.survivorId, duplicateId } },
    followUp(context, undo, 'release'),
  );
  return { duplicate: duplicateState, survivor: released.state, position: released.position ?? position };
}

/** A survivor merged onward holds the records elsewhere now: undo that later merge first. */
async function refuseWhenSurvivorMoved(store: EventStore, survivorId: string | undefined): Promise<void> {
  if (survivorId === undefined) return;
  const { state } = await load(store, survivorId);
  if (state.status !== 'unregistered' && state.mergedInto)
    throw ruleBroken(
      partnerRefusals.merged,
      `Survivor ${survivorId} was merged into ${state.mergedInto.survivorId}: undo that merge first`,
      { survivorId: state.mergedInto.survivorId },
    );
}
