export * from './match-keys.ts';
export * from './summary.ts';
