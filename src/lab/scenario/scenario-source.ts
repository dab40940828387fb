import { buildScenario, loadScenarioFile, type Scenario } from './load-scenario.ts';
import { seedHomeScenario } from './seed-home.ts';

/** The scenario the user named, or the built-in seed home. */
export function loadLabScenario(file: string | undefined): Scenario {
  if (file !== undefined) return loadScenarioFile(file);
  return buildScenario(seedHomeScenario(), { file: '<built-in seed home>', baseDir: process.cwd() });
}
