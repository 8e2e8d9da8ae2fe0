import { answered, latestRollout, STARTER_SERVICES, type StackState, type WorkspaceState } from './lab-state';

/** One thing a finished lab leaves behind, and the step of the lab that does it. */
interface Requirement<State> {
  says: string;
  holds(state: State): boolean;
  /** The step's heading in the lab's text, e.g. "Step 4: Create a customer". */
  step: string;
}

/** A lab checked against the running stack, or against the workspace it runs in (labs 09 and 10). */
export type Lab =
  | { number: number; title: string; file: string; reads: 'stack'; requirements: Requirement<StackState>[] }
  | { number: number; title: string; file: string; reads: 'workspace'; requirements: Requirement<WorkspaceState>[] };

const D = 'delivery';
const rows = (state: StackState, schema: string, table: string) => state.data[schema]?.[table] ?? 0;
const canaryWeight = (state: StackState) => {
  const { values } = state.stack.services[D].routing;
  return values.strategy === 'canary' ? values.canary.weight : 0;
};
const ROLLOUT_NAMES: Record<string, string> = { canary: 'a canary', bluegreen: 'a blue/green switch', mirror: 'a mirror', ab: 'an A/B test' };
const rolledOutBy = (strategy: string, step: string): Requirement<StackState> => ({ says: `delivery's latest rollout is ${ROLLOUT_NAMES[strategy]}`, holds: (state) => latestRollout(state, D)?.strategy === strategy, step });
const endedAs = (status: string, step: string): Requirement<StackState> => ({ says: `… and it ended ${status}`, holds: (state) => latestRollout(state, D)?.status === status, step });
const generated = (state: WorkspaceState) => state.services.filter((name) => !STARTER_SERVICES.includes(name));

/** The labs of docs/workshop, in order. Each requirement's step is a heading of the lab's text; the workshop suite holds them to it. */
export const LABS: Lab[] = [
  {
    number: 1, title: 'Start and explore', file: '01-start-and-explore.md', reads: 'stack',
    requirements: [
      { says: 'the stack answers and every version is ready', holds: (state) => state.notReady.length === 0, step: 'Step 1: Start the stack' },
      { says: 'the database holds a customer', holds: (state) => rows(state, 'users', 'users') > 0, step: 'Step 4: Create a customer' },
      { says: 'the database holds a delivery', holds: (state) => rows(state, 'delivery', 'deliveries') > 0, step: 'Step 5: Send a parcel' },
    ],
  },
  {
    number: 2, title: 'A canary by hand', file: '02-canary-by-hand.md', reads: 'stack',
    requirements: [
      { says: 'delivery is a canary with a weight between 1 and 99', holds: (state) => canaryWeight(state) > 0 && canaryWeight(state) < 100, step: 'Step 2: Give v2 a fifth of the traffic' },
      { says: 'delivery v2 answered requests as the canary', holds: (state) => answered(state, D, 'v2', 'primary', 'window') > 0, step: 'Step 3: Count who answers' },
    ],
  },
  {
    number: 3, title: 'An automated canary', file: '03-automated-canary.md', reads: 'stack',
    requirements: [rolledOutBy('canary', 'Step 3: Roll out v2 as a canary'), endedAs('promoted', 'Step 3: Roll out v2 as a canary')],
  },
  {
    number: 4, title: 'A bad canary, rolled back', file: '04-bad-canary.md', reads: 'stack',
    requirements: [
      rolledOutBy('canary', 'Step 4: Roll out the broken v2'),
      endedAs('rolled-back', 'Step 4: Roll out the broken v2'),
      { says: '… for its success rate', holds: (state) => /success rate/.test(latestRollout(state, D)?.reason ?? ''), step: 'Step 4: Roll out the broken v2' },
    ],
  },
  {
    number: 5, title: 'Mirroring without writes', file: '05-mirroring.md', reads: 'stack',
    requirements: [
      rolledOutBy('mirror', 'Step 4: Mirror v2 while you write'),
      endedAs('promoted', 'Step 4: Mirror v2 while you write'),
      { says: 'delivery v2 answered mirrored copies', holds: (state) => answered(state, D, 'v2', 'mirror', 'total') > 0, step: 'Step 4: Mirror v2 while you write' },
    ],
  },
  {
    number: 6, title: 'Blue/green with a preview', file: '06-blue-green.md', reads: 'stack',
    requirements: [rolledOutBy('bluegreen', 'Step 3: Preview v2, then switch'), endedAs('promoted', 'Step 3: Preview v2, then switch')],
  },
  {
    number: 7, title: 'A/B by header', file: '07-ab-by-header.md', reads: 'stack',
    requirements: [rolledOutBy('ab', 'Step 2: Show v2 to the beta group'), endedAs('promoted', 'Step 2: Show v2 to the beta group')],
  },
  {
    number: 8, title: 'Faults and retries', file: '08-faults-and-retries.md', reads: 'stack',
    requirements: [
      { says: 'delivery is a canary with a weight between 1 and 99', holds: (state) => canaryWeight(state) > 0 && canaryWeight(state) < 100, step: 'Step 2: Split delivery between v1 and v2' },
      { says: 'delivery v2 fails some of its requests', holds: (state) => state.stack.services[D].versions.some(({ version, faults }) => version === 'v2' && faults.errorRate > 0), step: 'Step 3: Break v2' },
      { says: 'in the last minute, callers got 500s from delivery v2', holds: (state) => answered(state, D, 'v2', 'primary', 'window', 'errors') > 0, step: 'Step 4: Count the answers' },
    ],
  },
  {
    number: 9, title: 'Add a service with the generator', file: '09-add-a-service.md', reads: 'workspace',
    requirements: [
      { says: 'a fourth service has its services/<name>/service.yaml', holds: (state) => generated(state).length > 0, step: 'Step 1: Generate the service' },
      { says: 'the umbrella chart lists it', holds: (state) => generated(state).some((name) => state.read('charts/courier/Chart.yaml').includes(`name: ${name}\n`)), step: 'Step 1: Generate the service' },
      { says: 'it has a path-filtered pipeline', holds: (state) => generated(state).some((name) => state.read(`pipelines/${name}.yml`) !== ''), step: 'Step 1: Generate the service' },
      { says: 'docker-compose.yml runs it', holds: (state) => generated(state).some((name) => state.read('docker-compose.yml').includes(`\n  ${name}:\n`)), step: 'Step 2: Render compose and the mesh' },
    ],
  },
  {
    number: 10, title: 'Path filters and nx affected', file: '10-path-filters-and-affected.md', reads: 'workspace',
    requirements: [
      { says: 'you are on a branch of your own', holds: (state) => !['main', '', undefined].includes(state.git('branch', '--show-current')), step: 'Step 1: Branch and change delivery' },
      { says: 'a commit on it, not on main, changes services/delivery', holds: (state) => (state.git('diff', '--name-only', 'main...HEAD') ?? '').split('\n').some((file) => file.startsWith('services/delivery/')), step: 'Step 2: Commit the change' },
    ],
  },
];
