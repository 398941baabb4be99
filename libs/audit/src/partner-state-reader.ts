import type { PartnerHistoryReader, TimeBasis } from './history-reader';
import { comparePositions, type GlobalPosition } from '@continuum/event-store';
import type { PartnerSnapshot, PartnerSnapshots } from './partner-snapshots';
import { occurredAtOf } from './partner-index.projection';
import { PartnerFactsFold } from './partner-state';
import {
  diffPartnerStates,
  partnerStateView,
  type PartnerStateView,
  type StateChange,
} from './partner-state-view';

/**
 * The partner's 360 as of a moment: the fold of its events up to then, by recorded or business time.
 * With snapshots, the fold starts from the latest one that covers only events up to the moment.
 */
export class PartnerStateReader {
  constructor(
    private readonly history: PartnerHistoryReader,
    private readonly snapshots?: PartnerSnapshots,
  ) {}

  async asOf(partnerId: string, asOf: Date, basis: TimeBasis): Promise<PartnerStateView> {
    const partnerIds = await this.history.partnerIds(partnerId);
    const snapshot = await this.snapshotFor(partnerId, partnerIds, asOf, basis);
    const fold = new PartnerFactsFold(partnerId, snapshot?.facts);
    const remember = basis === 'occurred' ? this.snapshots : undefined;
    // A long fold by business time also leaves snapshots `rememberAfter` and 4 times that many events
    // before its end: fewer events up to there are dated just after their cuts (an event dated ahead of
    // the deeper one's cut must be dated further ahead), so they serve moments near this one too.
    const midways = remember
      ? await this.midwayPositions(partnerIds, snapshot?.position, asOf, remember.rememberAfter)
      : [];
    const events = this.history.eventsOfPartners(partnerIds, { to: asOf, basis }, snapshot?.position, 2000);
    let folded = 0;
    let lastPosition = snapshot?.position;
    // The latest business time among the events folded (or covered by the snapshot), for remembering.
    let cut = snapshot?.occurredBy ?? '';
    for await (const { event } of events) {
      fold.add(event);
      folded += 1;
      lastPosition = event.position;
      const occurred = occurredAtOf(event);
      if (occurred > cut) cut = occurred;
      if (
        remember &&
        folded >= remember.rememberAfter &&
        midways.some((at) => comparePositions(event.position, at) === 0)
      )
        await remember.rememberOccurred(partnerIds, event.position, cut, fold.facts);
    }
    if (remember && lastPosition && folded >= remember.rememberAfter)
      await remember.rememberOccurred(partnerIds, lastPosition, cut, fold.facts);
    return partnerStateView(fold.facts, asOf, basis);
  }

  private async midwayPositions(
    partnerIds: readonly string[],
    after: GlobalPosition | undefined,
    asOf: Date,
    back: number,
  ): Promise<GlobalPosition[]> {
    const near = await this.history.occurredBackFromLast(partnerIds, after, asOf, back);
    const deep = near && (await this.history.occurredBackFromLast(partnerIds, after, asOf, 4 * back));
    return [near, deep].filter((at): at is GlobalPosition => at !== undefined);
  }

  /** The snapshot to start from, if any: by business time, the later of the two kinds that serve. */
  private async snapshotFor(
    partnerId: string,
    partnerIds: readonly string[],
    asOf: Date,
    basis: TimeBasis,
  ): Promise<PartnerSnapshot | undefined> {
    if (!this.snapshots) return undefined;
    await this.snapshots.extend(partnerId, partnerIds, this.history);
    const inOrder = await this.snapshots.usableFor(partnerIds, asOf, basis);
    if (basis === 'recorded') return inOrder;
    await this.snapshots.extendOccurred(partnerId, partnerIds, this.history);
    const byCut = await this.snapshots.usableForOccurred(partnerIds, this.history, asOf);
    if (!inOrder || !byCut) return inOrder ?? byCut;
    return comparePositions(byCut.position, inOrder.position) > 0 ? byCut : inOrder;
  }

  async diff(
    partnerId: string,
    from: Date,
    to: Date,
    basis: TimeBasis,
  ): Promise<{ from: PartnerStateView; to: PartnerStateView; changes: StateChange[] }> {
    const before = await this.asOf(partnerId, from, basis);
    const after = await this.asOf(partnerId, to, basis);
    return { from: before, to: after, changes: diffPartnerStates(before, after) };
  }
}
