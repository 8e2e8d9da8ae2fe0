import type { BaseConfig } from '../config/base-config';

/** What /version answers; a demo reads it to see which build served a request. */
export interface VersionInfo {
  service: string;
  version: string;
  track: string;
  commit: string;
}

export function versionInfoFrom(service: string, config: BaseConfig): VersionInfo {
  return { service, version: config.APP_VERSION, track: config.APP_TRACK, commit: config.GIT_SHA };
}
