import type { PartnerRegisteredData } from '@continuum/partners';
import type { Playbook, PlaybookDecision, PlaybookEvent, PlaybookInput } from '../../playbook';
import { plusDays } from '../time';
import { knownPartner, likelyDuplicates, type KnownPartner, type LikelyDuplicate } from './likely-duplicates';

export const NEW_PARTNER_REVIEW = 'new-partner-review';

export interface NewPartnerReviewSettings {
  readonly reviewWithinDays: number;
  readonly team: string;
  /** 0..1: how alike two normalised names must be (1 - edit distance / length) to be listed. */
  readonly minimumNameSimilarity: number;
  readonly maxDuplicatesListed: number;
}

export const defaultNewPartnerReviewSettings: NewPartnerReviewSettings = {
  reviewWithinDays: 3,
  team: 'data-stewardship',
  minimumNameSimilarity: 0.85,
  maxDuplicatesListed: 10,
};

/** A single instance: every known partner's normalised name and domain, to compare newcomers with. */
export interface NewPartnerReviewState {
  readonly partners: Readonly<Record<string, KnownPartner>>;
}

export const REGISTRY_INSTANCE = 'registry';

type Decision = PlaybookDecision<NewPartnerReviewState>;

function react(
  state: NewPartnerReviewState,
  input: PlaybookInput,
  settings: NewPartnerReviewSettings,
): Decision {
  if (input.type !== 'Event') return { state, actions: [] };
  const { event } = input;
  const partnerId = String(event.data.partnerId);
  const partner = state.partners[partnerId];
  switch (event.type) {
    case 'PartnerRegistered':
      return partner ? { state, actions: [] } : registered(state, event, settings);
    case 'PartnerRenamed':
      return partner
        ? withPartner(state, partnerId, {
            ...knownPartner(String(event.data.name), partner.webDomain),
            ...merged(partner),
          })
        : { state, actions: [] };
    case 'PartnerMergedInto':
      return partner ? withPartner(state, partnerId, { ...partner, merged: true }) : { state, actions: [] };
    case 'PartnerMergeUndone': {
      if (!partner) return { state, actions: [] };
      const { merged: _undone, ...active } = partner;
      return withPartner(state, partnerId, active);
    }
    default:
      return { state, actions: [] };
  }
}

function registered(
  state: NewPartnerReviewState,
  event: PlaybookEvent,
  settings: NewPartnerReviewSettings,
): Decision {
  const data = event.data as unknown as PartnerRegisteredData;
  const candidate = knownPartner(data.name, data.webDomain);
  const next: NewPartnerReviewState = { partners: { ...state.partners, [data.partnerId]: candidate } };
  if (data.registeredVia !== 'campus-system') return { state: next, actions: [] };
  const duplicates = likelyDuplicates(candidate, state.partners, settings.minimumNameSimilarity);
  return {
    state: next,
    actions: [
      {
        type: 'CreateTask',
        cause: event.id,
        partnerId: data.partnerId,
        kind: 'review-new-partner',
        title: 'Review new partner record',
        description: `"${data.name}"${
          candidate.webDomain === undefined ? '' : ` (${candidate.webDomain})`
        } was registered from a campus system. ${duplicateText(duplicates, settings.maxDuplicatesListed)}`,
        dueAt: plusDays(event.occurredAt, settings.reviewWithinDays),
        assignTo: { team: settings.team },
      },
    ],
  };
}

function duplicateText(duplicates: readonly LikelyDuplicate[], max: number): string {
  if (duplicates.length === 0) return 'No likely duplicates found: check the name, web domain and industry.';
  const listed = duplicates.slice(0, max).map((d) => `"${d.name}" [${d.partnerId}] (${d.reason})`);
  const more = duplicates.length > max ? `; and ${duplicates.length - max} more` : '';
  return `Likely duplicates: ${listed.join('; ')}${more}. Merge them if they are the same company.`;
}

const merged = (partner: KnownPartner): Partial<KnownPartner> => (partner.merged ? { merged: true } : {});

const withPartner = (state: NewPartnerReviewState, partnerId: string, partner: KnownPartner): Decision => ({
  state: { partners: { ...state.partners, [partnerId]: partner } },
  actions: [],
});

export const newPartnerReviewPlaybook: Playbook<NewPartnerReviewState, NewPartnerReviewSettings> = {
  name: NEW_PARTNER_REVIEW,
  eventTypes: ['PartnerRegistered', 'PartnerRenamed', 'PartnerMergedInto', 'PartnerMergeUndone'],
  instanceOf: (event) => (typeof event.data.partnerId === 'string' ? REGISTRY_INSTANCE : undefined),
  initialState: () => ({ partners: {} }),
  react,
  defaultSettings: defaultNewPartnerReviewSettings,
};
