export * from './published-events';
export * from './to-cloud-event';
export * from './kafka-transport';
export * from './publisher-checkpoints';
export * from './event-publisher';
