import path from 'node:path';
import { startLocalStack } from './local-stack';
import { parseStackOptions, STACK_USAGE } from './stack-options';

const ROOT = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const options = parseStackOptions(process.argv.slice(2), process.env, ROOT);
  if (options === 'help') {
    process.stdout.write(`${STACK_USAGE}\n`);
    return;
  }
  const useColour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  const stack = await startLocalStack(options, { print, useColour });

  const bold = (text: string) => (useColour ? `\x1b[1m${text}\x1b[0m` : text);
  print('');
  print(bold(`Courier is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`));
  print(`  web (UI + API)   ${bold(`http://127.0.0.1:${options.ports.web}`)}`);
  print(`  users            http://127.0.0.1:${options.ports.users}`);
  print(`  delivery         http://127.0.0.1:${options.ports.delivery}`);
  print(`  database         ${stack.databaseUrl}`);
  print('Try: curl -s -X POST localhost:' + options.ports.web + `/api/users -H 'content-type: application/json' -d '{"email":"ada@example.com","name":"Ada"}'`);
  print('Press Ctrl-C to stop.');

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    print(`\n${signal}: stopping the services and the database …`);
    await stack.stop();
    print('Stopped cleanly.');
    process.exit(0);
  };
  process.on('SIGINT', (s) => void shutdown(s));
  process.on('SIGTERM', (s) => void shutdown(s));
}

main().catch((error: Error) => {
  process.stderr.write(`courier: ${error.message}\n`);
  process.exit(1);
});
