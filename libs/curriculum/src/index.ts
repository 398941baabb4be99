export * from './advisory-board';
export * from './capstone';
