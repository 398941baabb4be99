export * from './staff-member';
