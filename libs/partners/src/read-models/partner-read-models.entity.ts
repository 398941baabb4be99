import { Column, Entity, PrimaryColumn } from 'typeorm';

// Read side of the partner views: each entity maps a view over its projection's active generation.

@Entity({ name: 'partner_profiles', schema: 'read_models', synchronize: false })
export class PartnerProfileRow {
  @PrimaryColumn({ name: 'partner_id', type: 'text' })
  partnerId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Name with accents and case folded: the list's sort key. */
  @Column({ name: 'sort_name', type: 'text' })
  sortName!: string;

  @Column({ name: 'search_text', type: 'text' })
  searchText!: string;

  @Column({ name: 'web_domain', type: 'text', nullable: true })
  webDomain!: string | null;

  @Column({ type: 'text', nullable: true })
  industry!: string | null;

  @Column({ type: 'text', nullable: true })
  region!: string | null;

  @Column({ type: 'text' })
  tier!: string;

  @Column({ name: 'registered_via', type: 'text' })
  registeredVia!: string;

  @Column({ name: 'owner_id', type: 'text', nullable: true })
  ownerId!: string | null;

  @Column({ name: 'sponsor_id', type: 'text', nullable: true })
  sponsorId!: string | null;

  @Column({ name: 'merged_into', type: 'text', nullable: true })
  mergedInto!: string | null;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;
}

@Entity({ name: 'partner_external_links', schema: 'read_models', synchronize: false })
export class PartnerExternalLinkRow {
  @PrimaryColumn({ name: 'partner_id', type: 'text' })
  partnerId!: string;

  @PrimaryColumn({ type: 'text' })
  system!: string;

  @PrimaryColumn({ name: 'external_id', type: 'text' })
  externalId!: string;
}

@Entity({ name: 'partner_aliases', schema: 'read_models', synchronize: false })
export class PartnerAliasRow {
  @PrimaryColumn({ name: 'partner_id', type: 'text' })
  partnerId!: string;

  /** The survivor it was merged into. */
  @Column({ name: 'merged_into', type: 'text' })
  mergedInto!: string;

  /** The partner its lines count for now: the end of the merge chain. */
  @Column({ name: 'root_id', type: 'text' })
  rootId!: string;
}

@Entity({ name: 'partner_engagements', schema: 'read_models', synchronize: false })
export class PartnerEngagementRow {
  @PrimaryColumn({ type: 'text' })
  item!: string;

  @PrimaryColumn({ name: 'item_id', type: 'text' })
  itemId!: string;

  @Column({ name: 'partner_id', type: 'text' })
  partnerId!: string;

  @Column({ type: 'text' })
  line!: string;

  @Column({ type: 'text', nullable: true })
  kind!: string | null;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn!: string | null;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;

  @Column({ name: 'hired_on', type: 'date', nullable: true })
  hiredOn!: string | null;

  /** Exact decimal, as text. */
  @Column({ name: 'value_amount', type: 'numeric', nullable: true })
  valueAmount!: string | null;

  @Column({ name: 'value_currency', type: 'text', nullable: true })
  valueCurrency!: string | null;

  @Column({ name: 'outstanding_amount', type: 'numeric', nullable: true })
  outstandingAmount!: string | null;

  @Column({ type: 'integer', nullable: true })
  seats!: number | null;

  @Column({ type: 'integer', nullable: true })
  recruiters!: number | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'last_event_at', type: 'timestamptz' })
  lastEventAt!: Date;

  /** Last day the item keeps its line active; null while it runs open-ended. */
  @Column({ name: 'active_until', type: 'date', nullable: true, insert: false, update: false })
  activeUntil!: string | null;
}

@Entity({ name: 'partner_tasks', schema: 'read_models', synchronize: false })
export class PartnerTaskRow {
  @PrimaryColumn({ name: 'task_id', type: 'text' })
  taskId!: string;

  @Column({ name: 'partner_id', type: 'text' })
  partnerId!: string;

  @Column({ type: 'boolean' })
  open!: boolean;
}

@Entity({ name: 'partner_timeline', schema: 'read_models', synchronize: false })
export class PartnerTimelineRow {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'partner_id', type: 'text' })
  partnerId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'commit_position', type: 'bigint' })
  commitPosition!: string;

  @Column({ name: 'prepare_position', type: 'bigint' })
  preparePosition!: string;

  @Column({ type: 'text' })
  stream!: string;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  summary!: string;
}

export const partnerReadModelEntities = [
  PartnerProfileRow,
  PartnerExternalLinkRow,
  PartnerAliasRow,
  PartnerEngagementRow,
  PartnerTaskRow,
  PartnerTimelineRow,
] as const;
