import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { workspaceRoot } from './workspace-paths';

interface GraphNode {
  name: string;
  type: string;
  data: { root: string };
}
interface GraphFile {
  graph: {
    nodes: Record<string, GraphNode>;
    dependencies: Record<string, { source: string; target: string; type: string }[]>;
  };
}

/** The Nx project graph, as written by `nx graph --file` (offline: nx.json has neverConnectToCloud). */
export class NxProjectGraph {
  constructor(private readonly file: GraphFile) {}

  static fromWorkspace(): NxProjectGraph {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-nx-graph-'));
    const out = path.join(dir, 'graph.json');
    try {
      execFileSync(process.execPath, [require.resolve('nx/bin/nx.js', { paths: [workspaceRoot] }), 'graph', `--file=${out}`], {
        cwd: workspaceRoot,
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 120_000,
      });
      return new NxProjectGraph(JSON.parse(fs.readFileSync(out, 'utf8')) as GraphFile);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Deployable services: the projects under services/. */
  services(): string[] {
    return Object.values(this.file.graph.nodes)
      .filter((node) => node.data.root.startsWith('services/'))
      .map((node) => node.name)
      .sort();
  }

  root(project: string): string {
    const node = this.file.graph.nodes[project];
    if (!node) throw new Error(`no Nx project named ${project}`);
    return node.data.root;
  }

  /**
   * Roots of every library (Nx type `lib`) the project depends on, directly or transitively through
   * any project (a tool such as testenv can bring in a lib too).
   */
  transitiveLibRoots(project: string): string[] {
    const seen = new Set<string>();
    const queue = [project];
    while (queue.length > 0) {
      const current = queue.shift() as string;
      for (const dep of this.file.graph.dependencies[current] ?? []) {
        if (seen.has(dep.target) || !this.file.graph.nodes[dep.target]) continue;
        seen.add(dep.target);
        queue.push(dep.target);
      }
    }
    return [...seen]
      .map((name) => this.file.graph.nodes[name])
      .filter((node) => node.type === 'lib')
      .map((node) => node.data.root)
      .sort();
  }
}
