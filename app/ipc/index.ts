export * from './contract.js';
export { malformedRequests } from './malformed-fixtures.js';
