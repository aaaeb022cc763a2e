export * from './targets.ts';
export * from './cells.ts';
export * from './row.ts';
export * from './check.ts';
export * from './provenance.ts';
