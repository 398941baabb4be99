import type { PartnerHistoryReader, TimeBasis } from './history-reader';
import { comparePositions } from '@continuum/event-store';
import type { PartnerSnapshot, PartnerSnapshots } from './partner-snapshots';
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
    const events = this.history.eventsOfPartners(partnerIds, { to: asOf, basis }, snapshot?.position, 2000);
    for await (const { event } of events) fold.add(event);
    return partnerStateView(fold.facts, asOf, basis);
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
