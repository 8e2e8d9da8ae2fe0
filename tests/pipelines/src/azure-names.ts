/**
 * The Azure resource names a document uses, read from its `az` commands and registry hosts, so
 * they can be compared with the ones the pipelines use (pipelines/templates/variables.yml).
 */
export interface AzureNames {
  /** `<name>.azurecr.io` hosts. */
  readonly registryHosts: string[];
  /** Registry names: `az acr ... --name`, `--registry`, `--attach-acr`. */
  readonly registries: string[];
  /** `--resource-group` / `-g` of any `az` command. */
  readonly resourceGroups: string[];
  /** `az aks ... --name` (the AKS cluster). */
  readonly clusters: string[];
}

/** A shell variable or a placeholder is not a name: it is set elsewhere. */
const isLiteral = (value: string) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value);

function optionValues(command: string, ...flags: string[]): string[] {
  const values: string[] = [];
  const words = command.split(/\s+/);
  words.forEach((word, index) => {
    const [flag, inline] = word.split('=', 2);
    if (!flags.includes(flag)) return;
    const value = (inline ?? words[index + 1] ?? '').replace(/^["']|["']$/g, '');
    if (isLiteral(value)) values.push(value);
  });
  return values;
}

export function azureNamesIn(text: string): AzureNames {
  // One logical command per line: shell continuations joined.
  const commands = text.replace(/\\\n/g, ' ').split('\n').filter((line) => /\baz\s/.test(line));
  const unique = (values: string[]) => [...new Set(values)].sort();
  return {
    registryHosts: unique([...text.matchAll(/\b([a-z0-9]+\.azurecr\.io)\b/g)].map((match) => match[1])),
    registries: unique(commands.flatMap((command) => [
      ...(/\baz\s+acr\s/.test(command) ? optionValues(command, '--name', '-n') : []),
      ...optionValues(command, '--registry', '--attach-acr'),
    ])),
    resourceGroups: unique(commands.flatMap((command) => optionValues(command, '--resource-group', '-g'))),
    clusters: unique(commands.filter((command) => /\baz\s+aks\s/.test(command)).flatMap((command) => optionValues(command, '--name', '-n', '--cluster-name'))),
  };
}
