export * from './task-inbox.entity';
export * from './task-inbox.projection';
