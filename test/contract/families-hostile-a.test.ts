import { HOSTILE_BEHAVIORS } from '../../src/lab/kinds/hostile/settings.ts';
import { describeHostileContract } from './families-hostile-contract.ts';

/** The family contract against the first half of the hostile behaviours (the rest: families-hostile-b). */
describeHostileContract(HOSTILE_BEHAVIORS.slice(0, Math.ceil(HOSTILE_BEHAVIORS.length / 2)));
