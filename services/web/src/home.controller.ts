import { Controller, Get, Header } from '@nestjs/common';
import { HOME_PAGE } from './pages/home-page';

@Controller()
export class HomeController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  // The page's script is /assets/home.js: no inline script may run.
  @Header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
  home(): string {
    return HOME_PAGE;
  }
}
