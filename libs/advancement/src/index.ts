export * from './gift';
export * from './pledge';
