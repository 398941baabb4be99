export * from './task.commands';
export * from './task.events';
export * from './task';
export { isTimestamp, taskRefusals } from './task.rules';
export * from './read-models';
