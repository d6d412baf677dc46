#!/usr/bin/env bash
# Every test, on a fresh machine too: installs what the tests use and the machine lacks (the
# PostgreSQL server the tests start their own databases on, Debian's Chromium for the browser
# tests, wrk for the load tool's smoke test, node and npm for the test identity provider, the
# .NET tools and the provider's npm packages), then runs `dotnet test` on the
# solution. Arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Checkout").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() { printf 'error: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "The .NET 10 SDK is required (dotnet not on PATH): https://dot.net"

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[[ -x "${ECOMMERCE_TEST_CHROMIUM:-/usr/bin/chromium}" ]] || missing+=(chromium)
command -v wrk >/dev/null || missing+=(wrk)
# The identity tests run a real OpenID Connect provider (oidc-provider, tests/OidcProvider) on node.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  command -v apt-get >/dev/null || die "The tests need ${missing[*]}, and there is no apt-get to install them: install them and run this again."
  [[ -z "$sudo" ]] || command -v sudo >/dev/null || die "The tests need ${missing[*]}: run this as root, or install them (apt-get install ${missing[*]})."
  echo "Installing ${missing[*]} (apt-get)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Kiota, for the generated-client test; the test provider's packages, from the committed lock file.
dotnet tool restore >/dev/null
npm ci --prefix tests/OidcProvider --no-audit --no-fund --loglevel=error

exec dotnet test Ecommerce.sln "$@"
