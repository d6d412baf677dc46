// The identity tests' OpenID Connect provider: oidc-provider, configured and nothing more.
//   node provider.mjs <config.json>   with {"port", "audience", "jwks": {"keys": [private JWKs]}}
// It issues RS256 JWT access tokens for the audience (or another urn: resource asked for) by client credentials, signed with the
// first key of the set (the rest are published only), to clients the tests register themselves
// (RFC 7591; `client_name` becomes the client id, so the token's `sub`, and `shop_claims` are
// added to its tokens). The tests restart it with another key set to rotate keys.
// GET /test/jwks-fetches counts the JWKS fetches, for the refetch-rate test.
import { readFileSync } from 'node:fs';
import Provider, { errors } from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
let jwksFetches = 0;

const provider = new Provider(issuer, {
  jwks: config.jwks,
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    registration: { enabled: true, idFactory: (ctx) => ctx.oidc.body.client_name },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => config.audience,
      useGrantedResource: () => true,
      // Any urn: resource is an audience of its own, so a test can hold a genuine token for another API.
      getResourceServerInfo: (ctx, resource) => {
        if (!resource.startsWith('urn:')) throw new errors.InvalidTarget();
        return {
          scope: 'shop', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  extraClientMetadata: { properties: ['shop_claims'], validator: () => {} },
  extraTokenClaims: (ctx) => ctx.oidc.client?.metadata().shop_claims ?? {},
});

provider.use(async (ctx, next) => {
  if (ctx.path === '/jwks') jwksFetches += 1;
  if (ctx.path === '/test/jwks-fetches') {
    ctx.body = { count: jwksFetches };
    return;
  }
  await next();
});

provider.listen(config.port, '127.0.0.1', () => console.log(`listening on ${issuer}`));

// The test process holds stdin open: when it ends, even by a crash, so does the provider.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
