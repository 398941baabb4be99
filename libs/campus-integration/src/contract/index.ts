export * from './lossless-json';
export * from './campus-event-data';
export * from './campus-event';
export * from './kafka-message';
export * from './json-schemas';
