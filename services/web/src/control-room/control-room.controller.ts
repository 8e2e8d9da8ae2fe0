import { Controller, Get, Header } from '@nestjs/common';
import { CONTROL_ROOM_PAGE } from './control-room-page';

@Controller('control-room')
export class ControlRoomController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  // uPlot positions its parts with inline styles; scripts come only from web itself.
  @Header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
  page(): string {
    return CONTROL_ROOM_PAGE;
  }
}
