import { taskAccessRefusal, type TaskCaller } from './task-access';

const alice: TaskCaller = { subject: 'alice', roles: ['staff'], teams: ['careers', 'research'] };
const stranger: TaskCaller = { subject: 'sam', roles: ['staff'], teams: undefined };
const manager: TaskCaller = { subject: 'maria', roles: ['manager'], teams: undefined };
const admin: TaskCaller = { subject: 'root', roles: ['admin'], teams: undefined };

const assignedTo = (staffId: string) => ({ taskId: 't-1', assignee: { staffId } });
const queuedFor = (team: string) => ({ taskId: 't-1', assignee: { team } });

describe('taskAccessRefusal', () => {
  it('lets a staff member act on a task assigned to them', () => {
    expect(taskAccessRefusal(alice, assignedTo('alice'))).toBeUndefined();
  });

  it('refuses a staff member a task assigned to someone else', () => {
    expect(taskAccessRefusal(alice, assignedTo('bob'))).toMatch(/assigned to bob, not to you/);
  });

  it("lets a staff member act on a task in one of their teams' queues", () => {
    expect(taskAccessRefusal(alice, queuedFor('research'))).toBeUndefined();
  });

  it("refuses a staff member a task in another team's queue", () => {
    expect(taskAccessRefusal(alice, queuedFor('advancement'))).toMatch(/advancement queue, which is not/);
  });

  it('refuses team-based access to a caller without a staff record', () => {
    expect(taskAccessRefusal(stranger, queuedFor('careers'))).toMatch(/no active staff record/);
  });

  it('still lets a caller without a staff record act on a task assigned to them', () => {
    expect(taskAccessRefusal(stranger, assignedTo('sam'))).toBeUndefined();
  });

  it('lets a staff member take a queued task of their team for themselves only', () => {
    expect(taskAccessRefusal(alice, queuedFor('careers'), 'alice')).toBeUndefined();
    expect(taskAccessRefusal(alice, queuedFor('careers'), 'bob')).toMatch(/only take a task for themselves/);
  });

  it("refuses a staff member taking a task from another team's queue", () => {
    expect(taskAccessRefusal(alice, queuedFor('workforce'), 'alice')).toMatch(/not one of your teams/);
  });

  it('lets managers and admins act on any task and assign it to anyone', () => {
    for (const caller of [manager, admin]) {
      expect(taskAccessRefusal(caller, assignedTo('bob'))).toBeUndefined();
      expect(taskAccessRefusal(caller, queuedFor('advancement'), 'bob')).toBeUndefined();
    }
  });

  it('treats a staff member who is also a manager as a manager', () => {
    const both: TaskCaller = { ...alice, roles: ['staff', 'manager'] };
    expect(taskAccessRefusal(both, assignedTo('bob'))).toBeUndefined();
  });
});
