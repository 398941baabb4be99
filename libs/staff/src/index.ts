export * from './staff-member';
export * from './directory/staff-directory.projection';
export * from './directory/staff-directory.entity';
