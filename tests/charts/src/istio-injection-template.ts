/**
 * Istio's sidecar injection template (the `sidecar` template of the istio-sidecar-injector ConfigMap
 * that the istiod chart renders), made renderable by the real helm binary.
 *
 * istiod renders that template with Go's text/template and sprig, as helm does, plus a FuncMap of its
 * own (pkg/kube/inject/template.go) and a Go struct as the data. Helm cannot register functions, so
 * each call of an Istio function is rewritten into an `include` of a named template with the same
 * semantics (ISTIO_FUNCTION_TEMPLATES below), or into the sprig function that does the same thing.
 * Every function of Istio's FuncMap the template calls must have a rewrite here: an unknown one, or
 * a rewrite that no longer matches, throws (an Istio upgrade that changes the template fails loudly).
 * Helm itself then refuses to parse any function name that is still undefined.
 *
 * Not modelled, and refused with `fail` when the data would need them: Multus networks given as a
 * JSON list, and OpenTelemetry resource annotations (otelResourceAttributes).
 */

/** Istio's injection FuncMap (istio/istio pkg/kube/inject/template.go, with 1.30's omitNil and otelResourceAttributes). */
export const ISTIO_INJECTION_FUNCTIONS = [
  'formatDuration', 'isset', 'excludeInboundPort', 'includeInboundPorts', 'kubevirtInterfaces', 'applicationPorts', 'annotation',
  'valueOrDefault', 'toJSON', 'toJson', 'fromJSON', 'structToJSON', 'protoToJSON', 'toYaml', 'indent', 'directory', 'contains',
  'toLower', 'appendMultusNetwork', 'env', 'omitNil', 'otelResourceAttributes',
] as const;

type Rewrite = (args: string[]) => string;
interface CallRewrite {
  readonly arity: number;
  readonly rewrite: Rewrite;
}

const include = (name: string) => (args: string[]) => `(include "istio.${name}" ${args.length === 1 ? args[0] : `(list ${args.join(' ')})`})`;

/**
 * How each Istio function the 1.30 template calls becomes Helm. `same` marks an Istio function whose
 * sprig namesake already does the same for the arguments the template passes.
 */
const CALL_REWRITES: Partial<Record<(typeof ISTIO_INJECTION_FUNCTIONS)[number], CallRewrite | 'same'>> = {
  // getAnnotation(meta, name, default): the annotation, or fmt.Sprint(default) when it is absent.
  annotation: { arity: 3, rewrite: include('annotation') },
  // isset(map, key): the key is present (even with an empty value), which is sprig's hasKey.
  isset: { arity: 2, rewrite: (args) => `(hasKey ${args[0]} ${args[1]})` },
  valueOrDefault: { arity: 2, rewrite: include('valueOrDefault') },
  excludeInboundPort: { arity: 2, rewrite: include('excludeInboundPort') },
  appendMultusNetwork: { arity: 2, rewrite: include('appendMultusNetwork') },
  structToJSON: { arity: 1, rewrite: include('structToJSON') },
  protoToJSON: { arity: 1, rewrite: include('protoToJSON') },
  fromJSON: { arity: 1, rewrite: (args) => `(fromJson ${args[0]})` },
  directory: { arity: 1, rewrite: include('directory') },
  toLower: { arity: 1, rewrite: (args) => `(lower ${args[0]})` },
  omitNil: { arity: 1, rewrite: (args) => `(include "istio.omitNil" ${args[0]} | fromYaml)` },
  otelResourceAttributes: { arity: 5, rewrite: include('otelResourceAttributes') },
  // Istio's toYaml keeps the trailing newline that helm's trims.
  toYaml: { arity: 1, rewrite: include('toYaml') },
  // flippedContains(needle, haystack) is sprig's contains(substr, str).
  contains: 'same',
};

/**
 * Named templates with the semantics of Istio's Go functions. Data shapes follow the context that
 * istio-sidecar-injection.ts builds: ObjectMeta.Annotations and Labels are always maps.
 */
export const ISTIO_FUNCTION_TEMPLATES = String.raw`
{{- define "istio.annotation" -}}
{{- $annotations := (index . 0).Annotations | default dict -}}
{{- if hasKey $annotations (index . 1) }}{{ index $annotations (index . 1) }}{{ else }}{{ index . 2 }}{{ end -}}
{{- end -}}

{{- define "istio.valueOrDefault" -}}
{{- $value := index . 0 -}}
{{- if or (kindIs "invalid" $value) (and (kindIs "string" $value) (eq $value "")) }}{{ index . 1 }}{{ else }}{{ $value }}{{ end -}}
{{- end -}}

{{- define "istio.excludeInboundPort" -}}
{{- $port := trim (toString (index . 0)) -}}
{{- $excluded := toString (index . 1) -}}
{{- if or (eq $port "") (eq $port "0") }}{{ $excluded }}{{ else -}}
{{- $out := list -}}{{- $present := false -}}
{{- range splitList "," $excluded }}{{ if eq . $port }}{{ $present = true }}{{ end }}{{ if ne (trim .) "" }}{{ $out = append $out (trim .) }}{{ end }}{{ end -}}
{{- if $present }}{{ $excluded }}{{ else }}{{ append $out $port | join "," }}{{ end -}}
{{- end -}}
{{- end -}}

{{- define "istio.appendMultusNetwork" -}}
{{- $existing := toString (index . 0) -}}{{- $network := index . 1 -}}
{{- if eq $existing "" }}{{ $network -}}
{{- else if contains "]" $existing }}{{ fail "istio.appendMultusNetwork: Multus networks as a JSON list are not modelled" -}}
{{- else -}}
{{- $present := false -}}{{- range splitList "," $existing }}{{ if eq (trim .) $network }}{{ $present = true }}{{ end }}{{ end -}}
{{- if $present }}{{ $existing }}{{ else }}{{ $existing }}, {{ $network }}{{ end -}}
{{- end -}}
{{- end -}}

{{- define "istio.structToJSON" -}}
{{- if kindIs "invalid" . }}{}{{ else }}{{ toJson . }}{{ end -}}
{{- end -}}

{{- define "istio.protoToJSON" -}}
{{- .ProtoJSON -}}
{{- end -}}

{{- define "istio.directory" -}}
{{- if contains "/" . }}{{ regexReplaceAll "[^/]*$" . "" }}{{ end -}}
{{- end -}}

{{- define "istio.omitNil" -}}
{{- $out := dict -}}
{{- range $key, $value := . }}{{ if not (kindIs "invalid" $value) }}{{ $_ := set $out $key $value }}{{ end }}{{ end -}}
{{- toYaml $out -}}
{{- end -}}

{{- define "istio.otelResourceAttributes" -}}
{{- range $key, $_ := index . 1 }}{{ if hasPrefix "resource.opentelemetry.io/" $key }}{{ fail "istio.otelResourceAttributes: OpenTelemetry resource annotations are not modelled" }}{{ end }}{{ end -}}
{{- end -}}

{{- define "istio.toYaml" -}}
{{ toYaml . }}
{{ end -}}
`;

/** Istio's indent(n, text) pads every line but the first (sprig's pads the first too). */
const indentTemplate = (spaces: number) => `{{- define "istio.indent.${spaces}" -}}{{ . | indent ${spaces} | trimPrefix "${' '.repeat(spaces)}" }}{{- end -}}\n`;

export interface HelmInjectionTemplate {
  /** The template's own `define`s (e.g. "resources"), moved to the top level. */
  readonly definitions: string;
  /** The rest, as the body of `define "istio.sidecar"`, rendered with the injection context as its data. */
  readonly sidecar: string;
  /** ISTIO_FUNCTION_TEMPLATES plus one istio.indent.N per width used. */
  readonly functions: string;
}

/** Rewrites Istio's injection template for helm; throws on a call it cannot map. */
export function helmInjectionTemplate(istioTemplate: string): HelmInjectionTemplate {
  // A define cannot sit inside another: lift the template's own (they take `.` and call nothing else).
  const { defines, rest } = liftDefines(istioTemplate);
  let body = rest;
  const methodCall = '.ProxyConfig.InterceptionMode.String';
  if (!body.includes(methodCall)) throw new Error(`Istio's injection template no longer calls ${methodCall}: review the rewrite`);
  // An enum's String() method; the context holds the enum as its name already.
  body = body.split(methodCall).join('.ProxyConfig.InterceptionMode');

  const widths = new Set<number>();
  const definitions = mapActions(defines.join('\n'), (action) => rewriteAction(action, widths));
  body = mapActions(body, (action) => rewriteAction(action, widths));
  const leftover = mapActionsCollect(body, (action) => findCalls(action, 'indent').length > 0);
  if (leftover.length) throw new Error(`Istio's injection template calls indent outside a pipeline: ${leftover[0]}`);
  return {
    definitions,
    sidecar: body,
    functions: ISTIO_FUNCTION_TEMPLATES + [...widths].map(indentTemplate).join(''),
  };
}

/** One action with every Istio function call mapped; the widths of Istio's indent are collected. */
function rewriteAction(action: string, widths: Set<number>): string {
  let text = action;
  for (const name of ISTIO_INJECTION_FUNCTIONS) {
    if (name === 'indent' || findCalls(text, name).length === 0) continue; // indent: only as a pipeline stage, below
    const rule = CALL_REWRITES[name];
    if (!rule) throw new Error(`Istio's injection template calls ${name}, which helmInjectionTemplate does not map`);
    if (rule !== 'same') text = rewriteCalls(text, name, rule);
  }
  // `x | indent N`: Istio's indent as a pipeline stage.
  return text.replace(/\|\s*indent\s+(\d+)/g, (_match, spaces: string) => {
    widths.add(Number(spaces));
    return `| include "istio.indent.${spaces}"`;
  });
}

/** Splits top-level `define` blocks (balanced against if/range/with/block/define … end) from the rest. */
function liftDefines(template: string): { defines: string[]; rest: string } {
  const defines: string[] = [];
  let rest = '';
  let cursor = 0;
  let depth = 0;
  let defineStart = -1;
  for (const match of template.matchAll(ACTION)) {
    const keyword = /^-?\s*(\w+)/.exec(match[1])?.[1];
    const at = match.index ?? 0;
    if (defineStart < 0 && keyword === 'define') {
      rest += template.slice(cursor, at);
      defineStart = at;
      depth = 1;
    } else if (defineStart >= 0 && ['if', 'range', 'with', 'block', 'define'].includes(keyword ?? '')) depth++;
    else if (defineStart >= 0 && keyword === 'end' && --depth === 0) {
      cursor = at + match[0].length;
      defines.push(template.slice(defineStart, cursor));
      defineStart = -1;
    }
  }
  if (defineStart >= 0) throw new Error('unterminated define in the injection template');
  return { defines, rest: rest + template.slice(cursor) };
}

const ACTION = /{{([\s\S]*?)}}/g;

function mapActions(text: string, map: (action: string) => string): string {
  return text.replace(ACTION, (_whole, inner: string) => `{{${map(inner)}}}`);
}

function mapActionsCollect(text: string, test: (action: string) => boolean): string[] {
  return [...text.matchAll(ACTION)].map((match) => match[1]).filter(test);
}

/** Start offsets of `name` called as a function: a whole word outside string literals, not a field or variable. */
function findCalls(action: string, name: string): number[] {
  const found: number[] = [];
  for (let i = 0; i < action.length; i++) {
    const char = action[i];
    if (char === '`' || char === '"') {
      i = endOfString(action, i) - 1;
      continue;
    }
    if (action.startsWith(name, i) && !/[\w.$-]/.test(action[i - 1] ?? ' ') && /\s/.test(action[i + name.length] ?? '')) found.push(i);
  }
  return found;
}

/** The offset just past the string literal that starts at `start`. */
function endOfString(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
  }
  throw new Error(`unterminated string in ${text}`);
}

/** One operand of a call: a parenthesised pipeline, a string literal, or a field, variable or number. */
function readOperand(text: string, start: number): { operand: string; end: number } {
  let i = start;
  while (/\s/.test(text[i] ?? '')) i++;
  const from = i;
  if (text[i] === '(') {
    let depth = 0;
    for (; i < text.length; i++) {
      if (text[i] === '`' || text[i] === '"') {
        i = endOfString(text, i) - 1;
        continue;
      }
      if (text[i] === '(') depth++;
      if (text[i] === ')' && --depth === 0) return { operand: text.slice(from, i + 1), end: i + 1 };
    }
    throw new Error(`unbalanced parenthesis in ${text}`);
  }
  if (text[i] === '`' || text[i] === '"') {
    const end = endOfString(text, i);
    return { operand: text.slice(from, end), end };
  }
  while (i < text.length && !/[\s()|]/.test(text[i])) i++;
  if (i === from) throw new Error(`missing operand at ${start} in ${text}`);
  return { operand: text.slice(from, i), end: i };
}

/** Replaces every call of `name` (innermost first, so nested calls are rewritten too). */
function rewriteCalls(action: string, name: string, rule: CallRewrite): string {
  let text = action;
  for (let calls = findCalls(text, name); calls.length > 0; calls = findCalls(text, name)) {
    const start = calls[calls.length - 1];
    const args: string[] = [];
    let end = start + name.length;
    for (let n = 0; n < rule.arity; n++) {
      const { operand, end: next } = readOperand(text, end);
      args.push(operand);
      end = next;
    }
    text = `${text.slice(0, start)}${rule.rewrite(args)}${text.slice(end)}`;
  }
  return text;
}
