export * from './decider';
export * from './domain-error';
export * from './money';
export * from './command-handler';
export * from './stream-state-cache';
