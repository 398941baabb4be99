export * from './projection';
export * from './projection-store';
export * from './projection-runner';
export * from './apply-batch';
export * from './projection-host';
export * from './wait-for-position';
export * from './projection-rebuilder';
export * from './batch-writer';
