import { contactPermissions, interactionKinds, partnerTiers } from '@continuum/partners';
import { z } from 'zod';

// Ids end up in stream names and URLs: letters, digits and a few separators only.
const id = z.string().regex(/^[A-Za-z0-9][\w.-]{0,63}$/, 'letters, digits, . _ - only (at most 64)');
const text = z.string().trim().min(1);
const staffId = z.string().trim().min(1);

export const registerBody = z.object({
  partnerId: id.optional(),
  name: text,
  webDomain: z.string().optional(),
  industry: z.string().optional(),
  region: z.string().optional(),
  parentPartnerId: id.optional(),
  tier: z.enum(partnerTiers).optional(),
});

export const renameBody = z.object({ name: text });
export const linkBody = z.object({ system: text, externalId: text });
export const staffBody = z.object({ staffId });
export const tierBody = z.object({ tier: z.enum(partnerTiers), reason: text });

export const affiliateBody = z.object({
  contactId: id.optional(),
  name: text,
  email: z.email().optional(),
  role: text,
  permission: z.enum(contactPermissions),
});
export const permissionBody = z.object({ permission: z.enum(contactPermissions) });
export const endAffiliationQuery = z.object({ reason: z.string().optional() });

export const interactionBody = z.object({
  interactionId: id.optional(),
  kind: z.enum(interactionKinds),
  occurredAt: z.iso.datetime({ offset: true }),
  summary: text,
  staffIds: z.array(staffId).min(1),
  contactIds: z.array(z.string().min(1)).default([]),
});

export const mergeBody = z.object({ survivorId: z.string().min(1), reason: text });
export const undoMergeBody = z.object({ reason: text });
