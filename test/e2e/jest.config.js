// Jest configuration of `npm run test:e2e`: the suites under test/e2e/ only, one at a time (they start
// real processes: API servers, the Pulumi engine, npm installs), with no coverage and long timeouts.
// The main configuration (package.json "jest") excludes test/e2e/, so `npm test` never runs them.
const base = require('../../package.json').jest;

module.exports = {
  rootDir: '../..',
  moduleNameMapper: base.moduleNameMapper,
  transform: base.transform,
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  // test/e2e/node/ runs apart (npm run test:e2e:node): it needs root and changes the host while it runs.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/node/'],
  maxWorkers: 1,
  testTimeout: 30 * 60_000,
  collectCoverage: false,
};
