import { HOSTILE_BEHAVIORS } from '../../src/lab/kinds/hostile/settings.ts';
import { describeHostileContract } from './families-hostile-contract.ts';

/** The family contract against the second half of the hostile behaviours (the first: families-hostile-a). */
describeHostileContract(HOSTILE_BEHAVIORS.slice(Math.ceil(HOSTILE_BEHAVIORS.length / 2)));
