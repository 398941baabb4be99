export * from './training-contract';
