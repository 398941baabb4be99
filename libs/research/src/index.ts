export * from './research-agreement';
