import { parseArgs } from 'node:util';
import { developmentSecret, isRole, roles, signDevelopmentToken } from '@continuum/http';

// npm run token -- --role staff --sub alice [--role manager] [--expires 8h]
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true, default: ['staff'] },
      sub: { type: 'string', default: 'dev-user' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const requested = values.role.flatMap((role) => role.split(','));
  const unknown = requested.filter((role) => !isRole(role));
  if (unknown.length > 0)
    throw new Error(`Unknown role(s): ${unknown.join(', ')}; known: ${roles.join(', ')}`);
  const secret = process.env.AUTH_JWT_SECRET ?? developmentSecret();
  const token = await signDevelopmentToken({
    secret,
    subject: values.sub,
    roles: requested.filter(isRole),
    expiresIn: values.expires,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
