export * from './envelope.ts';
export * from './event-definition.ts';
export * from './identity.ts';
