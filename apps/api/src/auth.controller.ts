import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  JSON_BODY,
  LoginDto,
  LoginResultSchema,
  MeViewSchema,
  RefreshDto,
  SIGNED_IN_ANY_ROLE,
  TokenPairSchema,
} from '@app/contracts';
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
  @ApiAnswers({
    summary: 'Sign in with a username and password: an access token and a refresh token',
    type: LoginResultSchema,
    errors: [...JSON_BODY, 401, 429, 503],
  })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest) {
    return this.auth.login(body.username, body.password, request.ip);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiAnswers({
    summary: 'Renew the tokens with the refresh token (rotated: a reused one ends the session)',
    type: TokenPairSchema,
    errors: [...JSON_BODY, 401],
  })
  refresh(@Body() body: RefreshDto) {
    return this.auth.refresh(body.refreshToken);
  }

  @ApiBearerAuth()
  @Requires('me:read')
  @Get('me')
  @ApiAnswers({ summary: 'Who is signed in, with their unit', type: MeViewSchema, errors: SIGNED_IN_ANY_ROLE })
  me(@CurrentActor() actor: Actor) {
    return this.auth.describe(actor.id);
  }
}
