import { Controller, Get, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
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
import {
  STAFF_DIRECTORY_PROJECTION,
  StaffDirectoryEntry,
  staffMemberDecider,
  staffMemberStream,
  teams,
  type StaffMemberState,
} from '@continuum/staff';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { z } from 'zod';
import { commandContext } from '../shared/command-context';
import { Decide, Load } from '@continuum/platform';
import { ReadYourWrites } from '../shared/read-your-writes';

const staffMember = { decider: staffMemberDecider, stream: staffMemberStream };
const teamList = z.array(z.enum(teams)).min(1);

const registerBody = z.object({
  staffId: z.string().regex(/^[\w.@-]{1,64}$/, 'letters, digits, . _ @ - only'),
  name: z.string().min(1),
  email: z.email(),
  teams: teamList,
  managerId: z.string().min(1).optional(),
});
const teamsBody = z.object({ teams: teamList });
const managerBody = z.object({ managerId: z.string().min(1) });
const deactivateBody = z.object({ reason: z.string().min(1).optional() });
const directoryQuery = z.object({
  team: z.enum(teams).optional(),
  active: z.enum(['true', 'false']).optional(),
  minPosition: z.string().optional(),
});

@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @Roles('staff', 'manager', 'auditor', 'admin')
  @ApiOperation({
    summary:
      'The staff directory, by name; pass minPosition (from a command response) to read your own write',
  })
  @ApiProblems(['invalid-request', 'read-model-behind'])
  async directory(
    @ValidQuery(directoryQuery) query: z.infer<typeof directoryQuery>,
  ): Promise<StaffDirectoryEntry[]> {
    await this.readYourWrites.waitFor(STAFF_DIRECTORY_PROJECTION, query.minPosition);
    const select = this.dataSource
      .getRepository(StaffDirectoryEntry)
      .createQueryBuilder('staff')
      .orderBy('staff.name');
    if (query.team) select.andWhere(':team = ANY(staff.teams)', { team: query.team });
    if (query.active) select.andWhere('staff.active = :active', { active: query.active === 'true' });
    return select.getMany();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register a staff member (their id is the `sub` of their tokens)' })
  @ApiZodBody(registerBody)
  @ApiProblems(['invalid-request', 'staff-already-registered', 'unknown-team', 'staff-cannot-manage-self'])
  async register(
    @ValidBody(registerBody) body: z.infer<typeof registerBody>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const outcome = await this.commands.execute(
      Decide.on(
        staffMember,
        body.staffId,
        { type: 'RegisterStaffMember', data: body },
        commandContext(principal),
      ),
    );
    response.status(201).location(`/v1/staff/${body.staffId}`);
    return accepted(response, body.staffId, outcome);
  }

  @Get(':id')
  @Roles('staff', 'manager', 'auditor', 'admin')
  @ApiOperation({ summary: 'A staff member as recorded, with its revision as ETag' })
  @ApiProblems(['staff-not-found'])
  async get(
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StaffMemberState> {
    const { state, revision } = await this.queries.execute(Load.of(staffMember, id));
    if (revision < 0) throw new NotFoundProblem('staff-not-found', `Staff member ${id} is not registered`);
    response.setHeader('ETag', etagOf(revision));
    return state as StaffMemberState;
  }

  @Put(':id/teams')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Change a staff member's teams" })
  @ApiZodBody(teamsBody)
  @ApiProblems(['invalid-request', 'staff-not-found', 'staff-deactivated', 'stale-revision'])
  async changeTeams(
    @Param('id') id: string,
    @ValidBody(teamsBody) body: z.infer<typeof teamsBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = { type: 'ChangeTeams' as const, data: { staffId: id, teams: body.teams } };
    const outcome = await this.commands.execute(
      Decide.on(staffMember, id, command, commandContext(principal, { expectedRevision })),
    );
    return accepted(response, id, outcome);
  }

  @Put(':id/manager')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Assign a staff member's manager" })
  @ApiZodBody(managerBody)
  @ApiProblems([
    'invalid-request',
    'staff-not-found',
    'staff-deactivated',
    'staff-cannot-manage-self',
    'stale-revision',
  ])
  async assignManager(
    @Param('id') id: string,
    @ValidBody(managerBody) body: z.infer<typeof managerBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = { type: 'AssignManager' as const, data: { staffId: id, managerId: body.managerId } };
    const outcome = await this.commands.execute(
      Decide.on(staffMember, id, command, commandContext(principal, { expectedRevision })),
    );
    return accepted(response, id, outcome);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Deactivate a staff member (their open work is reassigned by the workflows)' })
  @ApiZodBody(deactivateBody)
  @ApiProblems(['staff-not-found', 'staff-already-deactivated', 'stale-revision'])
  async deactivate(
    @Param('id') id: string,
    @ValidBody(deactivateBody) body: z.infer<typeof deactivateBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = {
      type: 'DeactivateStaffMember' as const,
      data: { staffId: id, deactivatedAt: new Date().toISOString(), reason: body.reason },
    };
    const outcome = await this.commands.execute(
      Decide.on(staffMember, id, command, commandContext(principal, { expectedRevision })),
    );
    return accepted(response, id, outcome);
  }
}
