import { type ToStringOptions } from 'yaml';

/** Never fold long lines: an edited YAML file must differ only where the generator changed it. */
export const YAML_OUTPUT: ToStringOptions = { lineWidth: 0 };
