export * from './partner.events';
export * from './partner.commands';
export * from './partner.state';
export * from './partner';
export * from './partner-names';
export { partnerRefusals, isStricter } from './partner.rules';
export * from './merge-partners';
export * from './read-models';
