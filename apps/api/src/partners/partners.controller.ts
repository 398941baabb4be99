import { Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  accepted,
  ApiProblems,
  ApiZodBody,
  CurrentPrincipal,
  etagOf,
  IfMatch,
  NotFoundProblem,
  Roles,
  ValidBody,
  ValidQuery,
  type CommandAccepted,
  type Principal,
} from '@continuum/http';
import type { CommandContext } from '@continuum/kernel';
import { partnerDecider, partnerStream, type Partner, type PartnerCommand } from '@continuum/partners';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { commandContext } from '../shared/command-context';
import { Decide, Load } from '@continuum/platform';
import { MergePartners, UndoPartnerMerge } from './merge-partners.command';
import {
  affiliateBody,
  endAffiliationQuery,
  interactionBody,
  linkBody,
  mergeBody,
  permissionBody,
  registerBody,
  renameBody,
  staffBody,
  tierBody,
  undoMergeBody,
} from './partner.schemas';

const partner = { decider: partnerDecider, stream: partnerStream };
const readers = ['staff', 'manager', 'auditor', 'admin'] as const;
const writers = ['staff', 'manager', 'admin'] as const;
/** Every command on an existing partner can meet these. */
const onExisting = ['partner-not-found', 'partner-merged', 'stale-revision'];

@ApiTags('partners')
@Controller('partners')
export class PartnersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles(...writers)
  @ApiOperation({ summary: 'Register a partner (the id is generated unless the body gives one)' })
  @ApiZodBody(registerBody)
  @ApiProblems([
    'invalid-request',
    'partner-already-registered',
    'invalid-web-domain',
    'partner-cannot-parent-itself',
  ])
  async register(
    @ValidBody(registerBody) body: z.infer<typeof registerBody>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const partnerId = body.partnerId ?? randomUUID();
    const command = {
      type: 'RegisterPartner' as const,
      data: { ...body, partnerId, registeredVia: 'staff' },
    };
    const result = await this.decide(response, partnerId, command, commandContext(principal));
    response.status(201).location(`/v1/partners/${partnerId}`);
    return result;
  }

  @Get(':id/record')
  @Roles(...readers)
  @ApiOperation({
    summary:
      'The partner as its own stream records it (write side), with its revision as ETag for If-Match; a merged one shows `mergedInto`',
  })
  @ApiProblems(['partner-not-found'])
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<Partner> {
    const { state, revision } = await this.queries.execute(Load.of(partner, id));
    if (revision < 0) throw new NotFoundProblem('partner-not-found', `Partner ${id} is not registered`);
    response.setHeader('ETag', etagOf(revision));
    return state as Partner;
  }

  @Put(':id/name')
  @HttpCode(200)
  @Roles(...writers)
  @ApiOperation({ summary: 'Rename a partner' })
  @ApiZodBody(renameBody)
  @ApiProblems(['invalid-request', ...onExisting])
  rename(
    @Param('id') id: string,
    @ValidBody(renameBody) body: z.infer<typeof renameBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = { type: 'RenamePartner' as const, data: { partnerId: id, name: body.name } };
    return this.decide(response, id, command, commandContext(principal, { expectedRevision }));
  }

  @Post(':id/external-links')
  @HttpCode(200)
  @Roles(...writers)
  @ApiOperation({ summary: "Link a campus system's record of this company (repeating a link is harmless)" })
  @ApiZodBody(linkBody)
  @ApiProblems(['invalid-request', ...onExisting])
  link(
    @Param('id') id: string,
    @ValidBody(linkBody) body: z.infer<typeof linkBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = { type: 'LinkExternalRecord' as const, data: { partnerId: id, ...body } };
    return this.decide(response, id, command, commandContext(principal, { expectedRevision }));
  }

  @Delete(':id/external-links/:system/:externalId')
  @HttpCode(200)
  @Roles(...writers)
  @ApiOperation({ summary: "Unlink a campus system's record (URL-encode an id containing `/`)" })
  @ApiProblems(['external-link-not-found', ...onExisting])
  unlink(
    @Param('id') id: string,
    @Param('system') system: string,
    @Param('externalId') externalId: string,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = { type: 'UnlinkExternalRecord' as const, data: { partnerId: id, system, externalId } };
    return this.decide(response, id, command, commandContext(principal, { expectedRevision }));
  }

  @Put(':id/owner')
  @HttpCode(200)
  @Roles(...writers)
  @ApiOperation({ summary: "Assign the partner's relationship owner (a staff id)" })
  @ApiZodBody(staffBody)
  @ApiProblems(['invalid-request', ...onExisting])
  assignOwner(
    @Param('id') id: string,
    @ValidBody(staffBody) body: z.infer<typeof staffBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = {
      type: 'AssignRelationshipOwner' as const,
      data: { partnerId: id, staffId: body.staffId },
    };
    return this.decide(response, id, command, commandContext(principal, { expectedRevision }));
  }

  @Put(':id/executive-sponsor')
  @HttpCode(200)
  @Roles(...writers)
  @ApiOperation({ summary: "Assign the partner's executive sponsor (a staff id)" })
  @ApiZodBody(staffBody)
  @ApiProblems(['invalid-request', ...onExisting])
  assignExecutiveSponsor(
    @Param('id') id: string,
    @ValidBody(staffBody) body: z.infer<typeof staffBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = {
      type: 'AssignExecutiveSponsor' as const,
      data: { partnerId: id, staffId: body.staffId },
    };
    return this.decide(response, id, command, commandContext(principal, { expectedRevision }));
  }

  @Put(':id/tier')
  @HttpCode(200)
  @Roles('manager', 'admin')
  @ApiOperation({ summary: "Change a partner's tier, with the reason (managers only)" })
  @ApiZodBody(tierBody)
  @ApiProblems(['invalid-request', ...onExisting])
  changeTier(
    @Param('id') id: string,
    @ValidBody(tierBody) body: z.infer<typeof tierBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = { type: 'ChangeTier' as const, data: { partnerId: id, ...body } };
    return this.decide(response, id, command, commandContext(principal, { expectedRevision }));
  }

  @Post(':id/contacts')
  @HttpCode(200)
  @Roles(...writers)
  @ApiOperation({
    summary: 'Affiliate a contact with the partner (the contact id is generated unless the body gives one)',
  })
  @ApiZodBody(affiliateBody)
  @ApiProblems(['invalid-request', 'contact-already-affiliated', ...onExisting])
  async affiliateContact(
    @Param('id') id: string,
    @ValidBody(affiliateBody) body: z.infer<typeof affiliateBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted & { contactId: string }> {
    const contactId = body.contactId ?? randomUUID();
    const command = { type: 'AffiliateContact' as const, data: { ...body, partnerId: id, contactId } };
    const result = await this.decide(response, id, command, commandContext(principal, { expectedRevision }));
    return { ...result, contactId };
  }

  @Put(':id/contacts/:contactId/permission')
  @HttpCode(200)
  @Roles(...writers)
  @ApiOperation({ summary: 'Change how a contact may be approached (e.g. `do-not-contact`)' })
  @ApiZodBody(permissionBody)
  @ApiProblems(['invalid-request', 'contact-not-affiliated', ...onExisting])
  changeContactPermission(
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @ValidBody(permissionBody) body: z.infer<typeof permissionBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = {
      type: 'ChangeContactPermission' as const,
      data: { partnerId: id, contactId, permission: body.permission },
    };
    return this.decide(response, id, command, commandContext(principal, { expectedRevision }));
  }

  @Delete(':id/contacts/:contactId')
  @HttpCode(200)
  @Roles(...writers)
  @ApiOperation({ summary: "End a contact's affiliation with the partner" })
  @ApiQuery({ name: 'reason', required: false, type: String })
  @ApiProblems(['invalid-request', 'contact-not-affiliated', ...onExisting])
  endContactAffiliation(
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @ValidQuery(endAffiliationQuery) query: z.infer<typeof endAffiliationQuery>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = {
      type: 'EndContactAffiliation' as const,
      data: { partnerId: id, contactId, reason: query.reason },
    };
    return this.decide(response, id, command, commandContext(principal, { expectedRevision }));
  }

  @Post(':id/interactions')
  @HttpCode(200)
  @Roles(...writers)
  @ApiOperation({
    summary:
      'Log a meeting, call, visit or email (`occurredAt` is the business time; the interaction id is generated unless given, and repeating it is harmless)',
  })
  @ApiZodBody(interactionBody)
  @ApiProblems(['invalid-request', 'contact-not-affiliated', 'contact-must-not-be-contacted', ...onExisting])
  async logInteraction(
    @Param('id') id: string,
    @ValidBody(interactionBody) body: z.infer<typeof interactionBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted & { interactionId: string }> {
    const interactionId = body.interactionId ?? randomUUID();
    const command = { type: 'LogInteraction' as const, data: { ...body, partnerId: id, interactionId } };
    const context = commandContext(principal, { expectedRevision, occurredAt: body.occurredAt });
    const result = await this.decide(response, id, command, context);
    return { ...result, interactionId };
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles(...writers)
  @ApiOperation({
    summary:
      'Merge this partner (the duplicate) into `survivorId`: its links and contacts move there (If-Match applies to the duplicate)',
  })
  @ApiZodBody(mergeBody)
  @ApiProblems([
    'invalid-request',
    'partner-not-found',
    'survivor-not-found',
    'cannot-merge-into-itself',
    'partner-already-merged',
    'survivor-already-merged',
    'stale-revision',
  ])
  async merge(
    @Param('id') id: string,
    @ValidBody(mergeBody) body: z.infer<typeof mergeBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const input = {
      duplicateId: id,
      survivorId: body.survivorId,
      mergedBy: principal.subject,
      reason: body.reason,
    };
    const outcome = await this.commands.execute(
      new MergePartners(input, commandContext(principal, { expectedRevision })),
    );
    return accepted(response, id, outcome);
  }

  @Post(':id/merge/undo')
  @HttpCode(200)
  @Roles(...writers)
  @ApiOperation({
    summary: 'Undo the merge of this duplicate: its links and contacts come back from the survivor',
  })
  @ApiZodBody(undoMergeBody)
  @ApiProblems([
    'invalid-request',
    'partner-not-found',
    'partner-not-merged',
    'partner-merged',
    'stale-revision',
  ])
  async undoMerge(
    @Param('id') id: string,
    @ValidBody(undoMergeBody) body: z.infer<typeof undoMergeBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const input = { duplicateId: id, undoneBy: principal.subject, reason: body.reason };
    const outcome = await this.commands.execute(
      new UndoPartnerMerge(input, commandContext(principal, { expectedRevision })),
    );
    return accepted(response, id, outcome);
  }

  private async decide(
    response: Response,
    id: string,
    command: PartnerCommand,
    context: CommandContext,
  ): Promise<CommandAccepted> {
    const outcome = await this.commands.execute(Decide.on(partner, id, command, context));
    return accepted(response, id, outcome);
  }
}
