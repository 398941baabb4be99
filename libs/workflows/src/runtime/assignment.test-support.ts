import { PostgresEventStore, type GlobalPosition } from '@continuum/event-store';
import { handleCommand, type Decider, type DomainCommand, type DomainEvent } from '@continuum/kernel';
import {
  mergePartners,
  partner360Projection,
  partnerDecider,
  partnerStream,
  type PartnerCommand,
} from '@continuum/partners';
import { ProjectionHost, waitForPosition } from '@continuum/projections';
import {
  staffDirectoryProjection,
  staffMemberDecider,
  staffMemberStream,
  type StaffMemberCommand,
} from '@continuum/staff';
import { taskDecider, taskInboxProjection, taskStream, type TaskCommand } from '@continuum/tasks';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** Test-only: the read models assignment reads (staff directory, partner 360, task inbox), fed by commands. */
export interface AssignmentReadModels {
  readonly pool: Pool;
  staff(staffId: string, teams: string[], managerId?: string): Promise<void>;
  deactivate(staffId: string): Promise<void>;
  partner(partnerId: string, owner?: string, sponsor?: string): Promise<void>;
  merge(duplicateId: string, survivorId: string): Promise<void>;
  /** A task assigned to the staff member: open, or completed (which does not count as load). */
  task(taskId: string, staffId: string, completed?: boolean): Promise<void>;
  /** Waits until the read models show every command sent so far. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

const metadata = { actor: 'test' };
const now = '2026-03-01T09:00:00.000Z';

export async function openAssignmentReadModels(url: string): Promise<AssignmentReadModels> {
  const store = await PostgresEventStore.connect({ connectionString: url });
  const dataSource = await new DataSource({ type: 'postgres', url, poolSize: 4 }).initialize();
  const pool = new Pool({ connectionString: url, max: 4 });
  const projections = [staffDirectoryProjection, partner360Projection, taskInboxProjection];
  const host = new ProjectionHost(projections, store, dataSource, { lockRetryMs: 50 });
  await host.start();
  let last: GlobalPosition | undefined;

  async function run<C extends DomainCommand, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    stream: string,
    command: C,
  ): Promise<void> {
    const outcome = await handleCommand(store, decider, stream, command, { metadata });
    last = outcome.position ?? last;
  }
  const onStaff = (staffId: string, command: StaffMemberCommand): Promise<void> =>
    run(staffMemberDecider, staffMemberStream(staffId), command);
  const onPartner = (partnerId: string, command: PartnerCommand): Promise<void> =>
    run(partnerDecider, partnerStream(partnerId), command);
  const onTask = (taskId: string, command: TaskCommand): Promise<void> =>
    run(taskDecider, taskStream(taskId), command);

  return {
    pool,
    staff: (staffId, teams, managerId) =>
      onStaff(staffId, {
        type: 'RegisterStaffMember',
        data: {
          staffId,
          name: staffId,
          email: `${staffId}@example.edu`,
          teams,
          ...(managerId ? { managerId } : {}),
        },
      }),
    deactivate: (staffId) =>
      onStaff(staffId, {
        type: 'DeactivateStaffMember',
        data: { staffId, deactivatedAt: '2026-02-01T00:00:00.000Z' },
      }),
    async partner(partnerId, owner, sponsor) {
      await onPartner(partnerId, {
        type: 'RegisterPartner',
        data: { partnerId, name: `Company ${partnerId}`, registeredVia: 'staff' },
      });
      if (owner)
        await onPartner(partnerId, { type: 'AssignRelationshipOwner', data: { partnerId, staffId: owner } });
      if (sponsor)
        await onPartner(partnerId, { type: 'AssignExecutiveSponsor', data: { partnerId, staffId: sponsor } });
    },
    async merge(duplicateId, survivorId) {
      const outcome = await mergePartners(
        store,
        { duplicateId, survivorId, mergedBy: 'test', reason: 'duplicate' },
        { metadata },
      );
      last = outcome.position ?? last;
    },
    async task(taskId, staffId, completed = false) {
      await onTask(taskId, {
        type: 'CreateTask',
        data: {
          taskId,
          partnerId: 'p-any',
          kind: 'call',
          title: 'Call',
          dueAt: '2026-03-08T09:00:00.000Z',
          assignee: { staffId },
          origin: { createdBy: 'test' },
          now,
        },
      });
      if (completed)
        await onTask(taskId, { type: 'CompleteTask', data: { taskId, outcome: 'done', by: staffId, now } });
    },
    async caughtUp() {
      if (!last) return;
      for (const projection of projections)
        if (!(await waitForPosition(host.store, projection.name, last, 20_000)))
          throw new Error(`${projection.name} did not catch up`);
    },
    async close() {
      await host.stop();
      await pool.end();
      await dataSource.destroy();
      await store.close();
    },
  };
}
