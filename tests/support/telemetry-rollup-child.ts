// Child process for the SIGKILL test: feeds known samples into history and runs the real once-a-second roll-up.
// Prints "feeding <bucket>" synchronously each time it starts a new second.
import { openDatabase } from '../../native/sqlite.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { TelemetryRepo } from '../../electron/engine/store/telemetry-repo.js';
import { FarmHistory } from '../../electron/engine/telemetry/history.js';
import { Rollup } from '../../electron/engine/telemetry/rollup.js';
import { SERIES_COUNT } from '../../electron/engine/telemetry/series.js';
import { writeSync } from 'node:fs';

const file = process.argv[2];
const db = openDatabase(file);
migrate(db);
const history = new FarmHistory();
const rollup = new Rollup({ history, repo: new TelemetryRepo(db) });
rollup.start();

const values = new Float64Array(SERIES_COUNT).fill(NaN);
let lastBucket = -1;
const feed = () => {
  const now = Date.now();
  const bucket = Math.floor(now / 1000);
  values[0] = bucket % 1000; // the value is a function of the second: the test can check every row
  values[6] = 50;
  for (let p = 0; p < 3; p++) history.for(`p${p}`).addValues(now, values);
  if (bucket !== lastBucket) {
    lastBucket = bucket;
    writeSync(1, `feeding ${bucket}\n`);
  }
};
feed();
setInterval(feed, 20);
