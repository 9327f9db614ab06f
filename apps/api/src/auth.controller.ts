import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Actor } from '@app/access';
import { LoginDto, RefreshDto } from '@app/contracts';
import { AuthService } from '@app/identity';
import { Public, Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() body: LoginDto, @Req() request: FastifyRequest) {
    return this.auth.login(body.username, body.password, request.ip);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  refresh(@Body() body: RefreshDto) {
    return this.auth.refresh(body.refreshToken);
  }

  @ApiBearerAuth()
  @Requires('me:read')
  @Get('me')
  me(@CurrentActor() actor: Actor) {
    return this.auth.describe(actor.id);
  }
}
