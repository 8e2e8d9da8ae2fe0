#!/usr/bin/env node
// Prints, at the end of a failed CI step, what each failed Nx task said about its failures.
// Nx prints a task's output where the task ends, often thousands of lines before the run's
// summary, and only the end of CI's log is kept where a failure is read. So this repeats the
// failed tests' messages (jest's "●" blocks, without stack frames below the test file) after the
// summary.
//
//   node .ci/failed-tests.js LOG              the tasks Nx's summary in LOG lists as failed
//   node .ci/failed-tests.js LOG TASK...      these tasks (a single `nx run` prints no such list)
//
// FAILED_TESTS_MAX_LINES caps the lines printed per task (default 80).
const { readFileSync } = require('node:fs');

const [logFile, ...namedTasks] = process.argv.slice(2);
const maxLines = Number(process.env.FAILED_TESTS_MAX_LINES ?? 80);
// eslint-disable-next-line no-control-regex
const plain = (line) => line.replace(/\x1b\[[0-9;]*m/g, '');
const lines = readFileSync(logFile, 'utf8').split('\n').map(plain);

const taskStart = /^> nx run (\S+)/;
const summaryIndex = lines.findLastIndex((line) => /Failed tasks:/.test(line));
const failed = [...namedTasks];
for (let i = summaryIndex + 1; namedTasks.length === 0 && summaryIndex >= 0 && i < lines.length; i++) {
  const match = /^\s*- (\S+:\S+)\s*$/.exec(lines[i]);
  if (match) failed.push(match[1]);
  else if (failed.length > 0 && lines[i].trim() !== '') break;
}
if (failed.length === 0) {
  console.log('(no failed Nx task named in the log: the failure is outside the tasks; see above)');
  process.exit(0);
}

/** A task's lines: from its "> nx run" header to the next header or Nx's closing summary. */
function section(task) {
  const start = lines.findLastIndex((line) => taskStart.exec(line)?.[1] === task);
  if (start < 0) return [];
  let end = start + 1;
  while (end < lines.length && !taskStart.test(lines[end]) && !/^\s*NX\s+Running target/.test(lines[end])) end++;
  return lines.slice(start, end);
}

/** Jest's failure blocks, without node_modules and node-internal stack frames. */
function failureDetail(taskLines) {
  const first = taskLines.findIndex((line) => /^\s*● /.test(line));
  if (first < 0) return taskLines.slice(-maxLines);
  const summary = taskLines.findIndex((line, i) => i > first && /^(Test Suites|Summary of all failing tests)/.test(line.trim()));
  return taskLines
    .slice(first, summary < 0 ? undefined : summary + 3)
    .filter((line) => !/^\s+at .*(node_modules|node:internal)/.test(line));
}

for (const task of failed) {
  const detail = failureDetail(section(task));
  console.log(`\n── ${task}: what it said about its failures (${detail.length > maxLines ? `first ${maxLines} of ${detail.length} lines` : `${detail.length} lines`})`);
  console.log(detail.slice(0, maxLines).join('\n'));
}
