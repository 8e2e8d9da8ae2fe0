/**
 * The source of one stub executable. It uses only Node built-ins and the absolute path of the Node
 * that runs the tests, so it works whatever PATH a pipeline script or the rollout CLI passes on.
 */
export function stubProgram(tool: string, port: number): string {
  return `#!${process.execPath}
'use strict';
// Stand-in for \`${tool}\`: forwards argv, cwd, env and stdin to the test process and replays its answer.
const fs = require('node:fs');
const http = require('node:http');

// stdin is read only from a shell pipe or a redirected file. Node's spawn/execFile hand the child a
// socket they may never close, and a background job gets /dev/null: reading those would hang or mean nothing.
function pipedStdin() {
  try {
    const stat = fs.fstatSync(0);
    return stat.isFIFO() || stat.isFile() ? fs.readFileSync(0, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function post(path, body) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: ${port}, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(JSON.parse(text)));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

post('/call', { tool: ${JSON.stringify(tool)}, args: process.argv.slice(2), cwd: process.cwd(), env: process.env, stdin: pipedStdin(), pid: process.pid }).then(
  (reply) => {
    process.stderr.write(reply.stderr);
    process.stdout.write(reply.stdout);
    if (reply.holdId === undefined) {
      process.exitCode = reply.code;
      return;
    }
    // Like a real port-forward: alive until killed, then gone by that signal once the backend let go.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const stop = (signal) => {
      post('/release', { holdId: reply.holdId }).finally(() => {
        clearInterval(keepAlive);
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  },
  (error) => {
    process.stderr.write('${tool} (test stub): cannot reach the test process: ' + error.message + '\\n');
    process.exitCode = 70;
  },
);
`;
}
