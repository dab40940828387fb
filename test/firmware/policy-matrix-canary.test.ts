import { policyMatrixSuite } from './policy-matrix-suite.ts';

// The subject is its model's canary, or waits for a canary that has not finished.
policyMatrixSuite(['is-canary', 'canary-pending']);
