export * from './catalogue.ts';
export * from './format.ts';
export * from './links.ts';
