import { notFound, ruleBroken } from '@continuum/kernel';
import type { AbsorbDuplicate, MergeIntoSurvivor, ReleaseDuplicate, UndoMerge } from './partner.commands';
import type {
  DuplicateAbsorbed,
  DuplicateReleased,
  PartnerMergedInto,
  PartnerMergeUndone,
} from './partner.events';
import { hasLink, isStricter, partnerRefusals, requiredText } from './partner.rules';
import { contactsOf, externalLinksOf, type Partner } from './partner.state';

/** On the duplicate, which is active (the caller refused a merged one already). */
export function decideMergeIntoSurvivor(command: MergeIntoSurvivor, duplicate: Partner): PartnerMergedInto[] {
  const { partnerId, survivorId, survivor } = command.data;
  if (survivorId === partnerId)
    throw ruleBroken(partnerRefusals.cannotMergeIntoItself, `Partner ${partnerId} cannot merge into itself`);
  if (!survivor.exists)
    throw notFound(partnerRefusals.survivorNotFound, `Survivor ${survivorId} is not registered`, {
      survivorId,
    });
  if (survivor.mergedInto !== undefined)
    throw ruleBroken(
      partnerRefusals.survivorAlreadyMerged,
      `Survivor ${survivorId} is itself merged into ${survivor.mergedInto}: merge into that one`,
      { survivorId: survivor.mergedInto },
    );
  const mergedBy = requiredText(command.data.mergedBy, partnerRefusals.staffIdRequired, 'Merged by');
  const reason = requiredText(command.data.reason, partnerRefusals.mergeReasonRequired, 'A merge reason');
  return [
    {
      type: 'PartnerMergedInto',
      data: {
        partnerId,
        survivorId,
        externalLinks: externalLinksOf(duplicate),
        contacts: contactsOf(duplicate),
        mergedBy,
        reason,
      },
    },
  ];
}

/** On the survivor: takes only what it lacks, and keeps the stricter permission for a shared contact. */
export function decideAbsorbDuplicate(command: AbsorbDuplicate, survivor: Partner): DuplicateAbsorbed[] {
  const { partnerId, duplicateId } = command.data;
  if (duplicateId === partnerId)
    throw ruleBroken(partnerRefusals.cannotMergeIntoItself, `Partner ${partnerId} cannot absorb itself`);
  // A retried absorption: the survivor already holds this duplicate.
  if (duplicateId in survivor.absorbedDuplicates) return [];
  const externalLinks = command.data.externalLinks.filter((link) => !hasLink(survivor.externalLinks, link));
  const contacts = command.data.contacts.filter((contact) => !(contact.contactId in survivor.contacts));
  const tightenedPermissions = command.data.contacts.flatMap(({ contactId, permission }) => {
    const held = survivor.contacts[contactId];
    return held && isStricter(permission, held.permission)
      ? [{ contactId, permission, previousPermission: held.permission }]
      : [];
  });
  return [
    {
      type: 'DuplicateAbsorbed',
      data: { partnerId, duplicateId, externalLinks, contacts, tightenedPermissions },
    },
  ];
}

/** On the duplicate: everything it handed over comes back. */
export function decideUndoMerge(command: UndoMerge, duplicate: Partner): PartnerMergeUndone[] {
  const { partnerId } = command.data;
  if (!duplicate.mergedInto)
    throw ruleBroken(partnerRefusals.notMerged, `Partner ${partnerId} is not merged into another partner`);
  const undoneBy = requiredText(command.data.undoneBy, partnerRefusals.staffIdRequired, 'Undone by');
  const reason = requiredText(command.data.reason, partnerRefusals.mergeReasonRequired, 'A reason to undo');
  const { survivorId, externalLinks, contacts } = duplicate.mergedInto;
  return [
    {
      type: 'PartnerMergeUndone',
      data: { partnerId, survivorId, externalLinks, contacts, undoneBy, reason },
    },
  ];
}

/**
 * On the survivor: gives back what it still holds of the duplicate's records. Releasing a duplicate
 * it does not hold is a retry (or a merge that never reached the survivor): no events.
 */
export function decideReleaseDuplicate(command: ReleaseDuplicate, survivor: Partner): DuplicateReleased[] {
  const { partnerId, duplicateId } = command.data;
  const absorbed = survivor.absorbedDuplicates[duplicateId];
  if (!absorbed) return [];
  return [
    {
      type: 'DuplicateReleased',
      data: {
        partnerId,
        duplicateId,
        externalLinks: absorbed.externalLinks.filter((link) => hasLink(survivor.externalLinks, link)),
        contacts: absorbed.contacts.flatMap(({ contactId }) => survivor.contacts[contactId] ?? []),
      },
    },
  ];
}
