import { Controller, Get, Inject } from '@nestjs/common';
import { VERSION_INFO } from '../boot/tokens';
import type { VersionInfo } from './version-info';

@Controller()
export class VersionController {
  constructor(@Inject(VERSION_INFO) private readonly info: VersionInfo) {}

  @Get('version')
  version(): VersionInfo {
    return this.info;
  }
}
