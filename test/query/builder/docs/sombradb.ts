// What `import ... from 'sombradb'` means in the examples of docs/query.md:
// the public API plus the builder's exports (until src/index.ts re-exports
// them, which makes this file a plain re-export of it).
export * from '../../../../src/index.js';
export * from '../../../../src/query/builder/predicates.js';
export { QuerySpecError } from '../../../../src/query/builder/spec-error.js';
