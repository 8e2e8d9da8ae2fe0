import { rolloutCli } from './rollout-cli';

/** `npx courier rollout …` (and room for more `courier` commands later). */
async function main(): Promise<void> {
  const [group, ...rest] = process.argv.slice(2);
  if (group !== 'rollout') {
    process.stderr.write('Usage: courier rollout <canary|bluegreen|mirror|ab|status|promote|abort|rollback> …  (courier rollout --help)\n');
    process.exit(1);
  }
  process.exitCode = await rolloutCli(rest, (line) => process.stdout.write(`${line}\n`));
}

main().catch((error: Error) => {
  process.stderr.write(`courier: ${error.message}\n`);
  process.exit(1);
});
