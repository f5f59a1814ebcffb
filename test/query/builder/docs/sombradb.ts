// What `import ... from 'sombradb'` means in the examples of docs/query.md:
// the package's public API, from the sources.
export * from '../../../../src/index.js';
