import { policyMatrixSuite } from './policy-matrix-suite.ts';

// Its model's canary is soaking, has soaked, or failed.
policyMatrixSuite(['soaking', 'soaked', 'canary-failed']);
