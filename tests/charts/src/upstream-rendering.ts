import { packagedFileName, resolveKubernetesTool, type UpstreamChart } from '@courier/cluster';
import { type ChartPackage, readChartPackage } from './chart-package';
import { HelmCli } from './helm-cli';
import { type KubeObject, parseManifests } from './kube-object';
import { inVendor } from './vendor-artefacts';
import { inWorkspace, WORKSPACE_ROOT } from './workspace-paths';

export interface UpstreamRender {
  readonly chart: ChartPackage;
  readonly objects: KubeObject[];
}

export const vendoredPackage = (chart: UpstreamChart) => inVendor('charts', packagedFileName(chart));

const rendered = new Map<string, UpstreamRender>();
let helm: HelmCli | undefined;

/** `helm template` of the official package with Courier's values file (and profile, as `up` passes it), once per test file. */
export function renderUpstream(chart: UpstreamChart): UpstreamRender {
  const key = `${chart.valuesFile} ${chart.profile ?? ''}`;
  const cached = rendered.get(key);
  if (cached) return cached;
  helm ??= new HelmCli(resolveKubernetesTool('helm', WORKSPACE_ROOT));
  const profile = chart.profile ? ['--set', `profile=${chart.profile}`] : [];
  const result = helm.run(['template', chart.release, vendoredPackage(chart), '--namespace', chart.namespace, '-f', inWorkspace(chart.valuesFile), ...profile]);
  if (result.status !== 0) throw new Error(`helm template ${packagedFileName(chart)} -f ${chart.valuesFile} ${profile.join(' ')} failed:\n${result.stderr}`);
  const render = { chart: readChartPackage(vendoredPackage(chart)), objects: parseManifests(result.stdout) };
  rendered.set(key, render);
  return render;
}
