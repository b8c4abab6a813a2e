// Prints one 'NAME: N passed, N failed' line per test runner from their JSON reports.
import { existsSync, readFileSync } from 'node:fs';

const read = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null);

const unit = read('reports/unit.json');
if (unit) {
  console.log(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed, ${unit.numPendingTests + unit.numTodoTests} skipped`);
} else console.log('unit: no report (the unit tests did not run)');

const e2e = read('reports/e2e.json');
if (e2e) {
  const s = e2e.stats;
  console.log(`e2e: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
} else console.log('e2e: no report (the end-to-end tests did not run)');
