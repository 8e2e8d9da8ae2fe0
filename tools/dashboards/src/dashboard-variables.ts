/** The part of a dashboard's JSON that declares its template variables. */
export interface DashboardVariables {
  templating: { list: { name: string; type: string; multi?: boolean; options?: { value: string }[] }[] };
}

/**
 * Grafana's substitution of custom variables in a query: a value picked by name, else a
 * single-value variable's first option, or a multi-value one's options as the regex alternation
 * Grafana builds (`(users|delivery|web)`). Data source variables are not part of PromQL.
 */
export function substituteVariables(dashboard: DashboardVariables, expr: string, pick: Record<string, string> = {}): string {
  return dashboard.templating.list.reduce((text, variable) => {
    if (variable.type !== 'custom') return text;
    const options = (variable.options ?? []).map((option) => option.value);
    const value = pick[variable.name] ?? (variable.multi ? `(${options.join('|')})` : options[0]);
    // `$service` must not eat the start of `$services`; `${service}` is Grafana's other spelling.
    return text.replace(new RegExp(`\\$(?:\\{${variable.name}\\}|${variable.name}(?![A-Za-z0-9_]))`, 'g'), () => value);
  }, expr);
}
