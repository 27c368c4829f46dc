import type { Scenario } from "../recorder.js";
import { headerScenario } from "./headers.js";
import { listScenarios } from "./list.js";
import { listWalkScenario } from "./list-walk.js";
import { readScenarios } from "./read.js";
import { writeScenarios } from "./write.js";

/**
 * Every scenario of the suite, in the order it runs. Writes come first so the reads see
 * webhooks; a scenario that reads what another made declares it (`needs: ["created"]`). A new
 * scenario is one entry here, plus one mutant server in test/contracts/contract-mutants.test.ts that proves
 * its check can fail.
 */
export const SCENARIOS: readonly Scenario[] = [
  ...writeScenarios,
  headerScenario,
  ...listScenarios,
  listWalkScenario,
  ...readScenarios,
];
