export * from './authorize.ts';
export * from './case-access.ts';
export * from './config.ts';
export * from './http-app.ts';
export * from './logger.ts';
export * from './periodic.ts';
export * from './reveal-limit.ts';
export * from './service.ts';
