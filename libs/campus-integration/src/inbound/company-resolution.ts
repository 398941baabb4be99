import {
  deterministicEventId,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type GlobalPosition,
} from '@continuum/event-store';
import {
  DomainError,
  fold,
  toDomainEvents,
  type CommandContext,
  type StreamStateCache,
} from '@continuum/kernel';
import {
  normaliseWebDomain,
  partnerDecider,
  partnerRefusals,
  partnerStream,
  type Partner,
  type PartnerEvent,
  type PartnerState,
} from '@continuum/partners';
import { Decide, type AnyOutcome } from '@continuum/platform';
import type { CompanyReference } from '../contract';
import { lineAggregates } from './line-aggregates';

/** Dispatches a Decide: the process's CommandBus, or a DecideHandler outside Nest (CLI, benchmark). */
export interface CommandDispatcher {
  execute(command: Decide): Promise<AnyOutcome>;
}

/** Partners known to the read side, for companies that no campus message has claimed yet. */
export interface PartnerDirectory {
  partnerWithLink(system: string, externalId: string): Promise<string | undefined>;
  partnerWithWebDomain(webDomain: string): Promise<string | undefined>;
}

/** A claim: the first event of a claim stream says which partner owns the key; later claimers adopt it. */
interface ClaimData {
  readonly partnerId: string;
}

export const companyKeyClaimed = 'CampusCompanyKeyClaimed';
export const webDomainClaimed = 'CampusWebDomainClaimed';

/** `campuskey-<system>/<id>`: one stream per campus key, created once (expected revision no_stream). */
export const companyKeyStream = (system: string, externalId: string): string =>
  `campuskey-${encodeURIComponent(system)}/${encodeURIComponent(externalId)}`;
export const webDomainStream = (webDomain: string): string => `campusdomain-${webDomain}`;

/** Racers about the same unknown company derive the same partner id, so they converge on one partner. */
export const partnerIdForCompany = (system: string, externalId: string): string =>
  deterministicEventId('campus-company', system, externalId);

const MAX_MERGE_HOPS = 10;
const CLAIM_CACHE_SIZE = 100_000;
/** How often the feed is checked for partner changes that end a key's trust (merges, unlinks). */
export const DEFAULT_PARTNER_CHANGES_CHECK_MS = 1_000;
/** The partner events after which a key checked against its partner must be checked again. */
const trustEndingEvents = ['PartnerMergedInto', 'PartnerMergeUndone', 'ExternalRecordUnlinked'];

export interface ResolvedCompany {
  readonly partnerId: string;
  /** This message registered the partner (a prospect for a data steward to review). */
  readonly registered: boolean;
}

/** Sets a key in a map that keeps at most CLAIM_CACHE_SIZE entries, forgetting the oldest first. */
function setBounded(map: Map<string, string>, key: string, value: string): void {
  if (map.size >= CLAIM_CACHE_SIZE) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}

/**
 * Company reference → partner: a claimed or linked (`system`, `id`) first, then the exact normalised web
 * domain, else a new prospect partner. Uniqueness comes from claim streams appended at `no_stream`, so
 * two messages about one new company, in any process, end with one partner.
 */
export class CompanyResolver {
  /** Claims never change once written, so a key's owner can be remembered (oldest forgotten first). */
  private readonly claims = new Map<string, string>();
  /** Key stream → the partner it was checked against (registered, linked, not merged), trusted until a change. */
  private readonly verified = new Map<string, string>();
  private partnerChanges: { watermark: GlobalPosition | undefined; checkedAt: number } | undefined;
  private partnerChangesCheck: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly commands: CommandDispatcher,
    private readonly directory: PartnerDirectory,
    private readonly partnerChangesCheckMs = DEFAULT_PARTNER_CHANGES_CHECK_MS,
    private readonly streams?: StreamStateCache,
  ) {}

  async resolve(
    company: CompanyReference,
    context: (step: string) => CommandContext,
  ): Promise<ResolvedCompany> {
    const { system, id } = company;
    const metadata = context('claim').metadata;
    const keyStream = companyKeyStream(system, id);
    await this.followPartnerChanges();
    const trusted = this.verified.get(keyStream);
    if (trusted !== undefined) return { partnerId: trusted, registered: false };
    const claimKey = (candidate: string) =>
      this.claim(keyStream, companyKeyClaimed, { system, externalId: id }, candidate, metadata);
    let partnerId = this.claims.get(keyStream);
    if (partnerId === undefined) {
      const linked = await this.directory.partnerWithLink(system, id);
      // A key the read side has never seen is almost always unclaimed: claim it at once (a racing claim fails
      // the append and its winner is read). A known key's claim, if it has one, decides.
      partnerId =
        linked === undefined
          ? await claimKey(await this.candidateFor(company, metadata))
          : ((await this.claimOf(keyStream)) ?? (await claimKey(linked)));
    }
    // This key's own new partner id won its claim: almost always unregistered, so register without a read.
    const likelyNew =
      partnerId === partnerIdForCompany(system, id) && !this.streams?.holdsEvents(partnerStream(partnerId));
    const resolved = await this.ensurePartner(partnerId, company, context, likelyNew);
    setBounded(this.verified, keyStream, resolved.partnerId);
    return resolved;
  }

  /** Forgets every trusted key once the feed shows a merge, unmerge or unlink since the last look. */
  private followPartnerChanges(): Promise<void> {
    const now = Date.now();
    if (this.partnerChanges && now - this.partnerChanges.checkedAt < this.partnerChangesCheckMs)
      return Promise.resolve();
    this.partnerChangesCheck ??= this.checkPartnerChanges(now).finally(() => {
      this.partnerChangesCheck = undefined;
    });
    return this.partnerChangesCheck;
  }

  private async checkPartnerChanges(now: number): Promise<void> {
    if (this.partnerChanges === undefined) {
      // Nothing is trusted yet: changes before this moment are seen when each partner is first read.
      this.partnerChanges = { watermark: await this.store.headPosition(), checkedAt: now };
      return;
    }
    let { watermark } = this.partnerChanges;
    for (;;) {
      const page = await this.store.readAll({
        ...(watermark ? { from: watermark } : {}),
        maxCount: 100,
        filter: { eventTypes: trustEndingEvents },
      });
      if (page.events.length > 0) this.verified.clear(); // rare: merges and unlinks are staff decisions
      for (const event of page.events) this.streams?.forget(event.stream);
      watermark = page.checkpoint ?? watermark;
      if (page.isEnd) break;
    }
    this.partnerChanges = { watermark, checkedAt: now };
  }

  /** Who an unknown key should belong to: the partner with its web domain, else a new one. */
  private async candidateFor(company: CompanyReference, metadata: EventMetadata): Promise<string> {
    const webDomain = company.domain === undefined ? undefined : normaliseWebDomain(company.domain);
    if (webDomain === undefined) return partnerIdForCompany(company.system, company.id);
    const domainStream = webDomainStream(webDomain);
    const claimed = this.claims.get(domainStream);
    if (claimed !== undefined) return claimed;
    // Claimed at once, as keys are: a domain claimed before fails the append and its claim is read.
    const owner =
      (await this.directory.partnerWithWebDomain(webDomain)) ??
      partnerIdForCompany(company.system, company.id);
    return this.claim(domainStream, webDomainClaimed, { webDomain }, owner, metadata);
  }

  /** Registers the partner if the claim's winner did not get that far, follows merges, links the key. */
  private async ensurePartner(
    claimedId: string,
    company: CompanyReference,
    context: (step: string) => CommandContext,
    likelyNew: boolean,
  ): Promise<ResolvedCompany> {
    let partnerId = claimedId;
    for (let hop = 0; hop < MAX_MERGE_HOPS; hop += 1) {
      // A registration that finds the partner registered after all refuses, and the next hop reads it.
      const state = likelyNew && hop === 0 ? undefined : await this.partnerState(partnerId);
      if (state === undefined) {
        // Registered just now by this message: nothing to read back, only the link to add.
        if (!(await this.register(partnerId, company, context('register')))) continue;
        await this.link(partnerId, company, context);
        return { partnerId, registered: true };
      }
      if (state.mergedInto) {
        partnerId = state.mergedInto.survivorId;
        continue;
      }
      if (!state.externalLinks[company.system]?.includes(company.id))
        await this.link(partnerId, company, context);
      return { partnerId, registered: false };
    }
    throw new Error(`Partner ${claimedId} is merged more than ${MAX_MERGE_HOPS} times over`);
  }

  private async link(
    partnerId: string,
    company: CompanyReference,
    context: (step: string) => CommandContext,
  ): Promise<void> {
    await this.commands.execute(
      Decide.on(
        lineAggregates.partner,
        partnerId,
        { type: 'LinkExternalRecord', data: { partnerId, system: company.system, externalId: company.id } },
        context(`link:${partnerId}`),
      ),
    );
  }

  private async register(
    partnerId: string,
    company: CompanyReference,
    context: CommandContext,
  ): Promise<boolean> {
    try {
      const outcome = await this.commands.execute(
        Decide.on(
          lineAggregates.partner,
          partnerId,
          {
            type: 'RegisterPartner',
            data: {
              partnerId,
              name: company.name,
              ...(company.domain === undefined ? {} : { webDomain: company.domain }),
              registeredVia: 'campus-system',
              tier: 'prospect',
            },
          },
          { ...context, startsStream: true },
        ),
      );
      return outcome.events.length > 0;
    } catch (error) {
      // Another message about the same company registered it first: that partner is the one.
      if (error instanceof DomainError && error.code === partnerRefusals.alreadyRegistered) return false;
      throw error;
    }
  }

  /** As this process last saw it (the feed is watched for merges and unlinks), else read afresh. */
  private async partnerState(partnerId: string): Promise<Partner | undefined> {
    const stream = partnerStream(partnerId);
    const known = this.streams?.recall<PartnerState>(stream, partnerDecider);
    if (known && known.state.status !== 'unregistered') return known.state;
    const recorded = await this.store.readStream(stream);
    const state = fold(partnerDecider, toDomainEvents<PartnerEvent>(recorded));
    this.streams?.remember(stream, partnerDecider, { revision: recorded.length - 1, state });
    return state.status === 'unregistered' ? undefined : state;
  }

  private async claimOf(stream: string): Promise<string | undefined> {
    const remembered = this.claims.get(stream);
    if (remembered !== undefined) return remembered;
    const [first] = await this.store.readStream(stream, { maxCount: 1 });
    const partnerId = (first?.data as ClaimData | undefined)?.partnerId;
    if (partnerId !== undefined) setBounded(this.claims, stream, partnerId);
    return partnerId;
  }

  /** Appends the claim if nobody has; either way answers with the partner that owns the key now. */
  private async claim(
    stream: string,
    type: string,
    what: Record<string, string>,
    partnerId: string,
    metadata: EventMetadata,
  ): Promise<string> {
    try {
      await this.store.append(
        stream,
        [
          {
            id: deterministicEventId('claim', stream, partnerId),
            type,
            data: { ...what, partnerId },
            metadata,
          },
        ],
        'no_stream',
      );
      setBounded(this.claims, stream, partnerId);
      return partnerId;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const winner = await this.claimOf(stream);
      if (winner === undefined) throw error;
      return winner;
    }
  }
}
