export * from './projection';
export * from './projection-store';
export * from './projection-runner';
