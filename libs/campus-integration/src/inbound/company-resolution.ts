import {
  deterministicEventId,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
} from '@continuum/event-store';
import { DomainError, fold, toDomainEvents, type CommandContext } from '@continuum/kernel';
import {
  normaliseWebDomain,
  partnerDecider,
  partnerRefusals,
  partnerStream,
  type Partner,
  type PartnerEvent,
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
/** How long a key checked against its partner's stream (registered, linked, not merged) is trusted. */
export const DEFAULT_VERIFIED_FOR_MS = 10_000;

export interface ResolvedCompany {
  readonly partnerId: string;
  /** This message registered the partner (a prospect for a data steward to review). */
  readonly registered: boolean;
}

/**
 * Company reference → partner: a claimed or linked (`system`, `id`) first, then the exact normalised web
 * domain, else a new prospect partner. Uniqueness comes from claim streams appended at `no_stream`, so
 * two messages about one new company, in any process, end with one partner.
 */
export class CompanyResolver {
  /** Claims never change once written, so a key's owner can be remembered (oldest forgotten first). */
  private readonly claims = new Map<string, string>();
  /** Key stream → the partner it resolved to, and until when that is trusted without reading the partner. */
  private readonly verified = new Map<string, { partnerId: string; until: number }>();

  constructor(
    private readonly store: EventStore,
    private readonly commands: CommandDispatcher,
    private readonly directory: PartnerDirectory,
    private readonly verifiedForMs = DEFAULT_VERIFIED_FOR_MS,
  ) {}

  async resolve(
    company: CompanyReference,
    context: (step: string) => CommandContext,
  ): Promise<ResolvedCompany> {
    const { system, id } = company;
    const metadata = context('claim').metadata;
    const keyStream = companyKeyStream(system, id);
    const recent = this.verified.get(keyStream);
    if (recent && recent.until > Date.now()) return { partnerId: recent.partnerId, registered: false };
    let partnerId = await this.claimOf(keyStream);
    if (partnerId === undefined) {
      const candidate = await this.candidateFor(company, metadata);
      partnerId = await this.claim(
        keyStream,
        companyKeyClaimed,
        { system, externalId: id },
        candidate,
        metadata,
      );
    }
    return this.ensurePartner(partnerId, company, context);
  }

  /** Who the key should belong to: a partner that already has it or the domain, else a new one. */
  private async candidateFor(company: CompanyReference, metadata: EventMetadata): Promise<string> {
    const linked = await this.directory.partnerWithLink(company.system, company.id);
    if (linked !== undefined) return linked;
    const webDomain = company.domain === undefined ? undefined : normaliseWebDomain(company.domain);
    if (webDomain === undefined) return partnerIdForCompany(company.system, company.id);
    const domainStream = webDomainStream(webDomain);
    const claimed = await this.claimOf(domainStream);
    if (claimed !== undefined) return claimed;
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
  ): Promise<ResolvedCompany> {
    let partnerId = claimedId;
    for (let hop = 0; hop < MAX_MERGE_HOPS; hop += 1) {
      const state = await this.partnerState(partnerId);
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
          context,
        ),
      );
      return outcome.events.length > 0;
    } catch (error) {
      // Another message about the same company registered it first: that partner is the one.
      if (error instanceof DomainError && error.code === partnerRefusals.alreadyRegistered) return false;
      throw error;
    }
  }

  private async partnerState(partnerId: string): Promise<Partner | undefined> {
    const recorded = await this.store.readStream(partnerStream(partnerId));
    const state = fold(partnerDecider, toDomainEvents<PartnerEvent>(recorded));
    return state.status === 'unregistered' ? undefined : state;
  }

  private async claimOf(stream: string): Promise<string | undefined> {
    const remembered = this.claims.get(stream);
    if (remembered !== undefined) return remembered;
    const [first] = await this.store.readStream(stream, { maxCount: 1 });
    const partnerId = (first?.data as ClaimData | undefined)?.partnerId;
    if (partnerId !== undefined) this.remember(stream, partnerId);
    return partnerId;
  }

  private remember(stream: string, partnerId: string): void {
    if (this.claims.size >= CLAIM_CACHE_SIZE) {
      const oldest = this.claims.keys().next().value;
      if (oldest !== undefined) this.claims.delete(oldest);
    }
    this.claims.set(stream, partnerId);
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
      this.remember(stream, partnerId);
      return partnerId;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const winner = await this.claimOf(stream);
      if (winner === undefined) throw error;
      return winner;
    }
  }
}
