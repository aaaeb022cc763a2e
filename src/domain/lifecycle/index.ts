export * from './config-view.ts';
export * from './opportunity.ts';
export * from './dedupe.ts';
export * from './conversion.ts';
export * from './merge.ts';
export * from './admin.ts';
export * from './timeline.ts';
export * from './record-rules.ts';
