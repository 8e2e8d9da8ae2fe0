import { Controller, Get, Header } from '@nestjs/common';
import { HOME_PAGE } from './pages/home-page';

@Controller()
export class HomeController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'")
  home(): string {
    return HOME_PAGE;
  }
}
