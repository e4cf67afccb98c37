#!/usr/bin/env bash
# The tests, with everything they need: the Debian packages that are missing (apt-get, as root or through sudo), the
# npm packages (npm ci, skipped when node_modules was installed from this package-lock.json), the local .NET tools
# (dotnet tool restore: dotnet-ef, pwsh), then `dotnet test src/Deployer.Tests [arguments]`.
# Usage: ./test.sh [dotnet test arguments]   e.g. ./test.sh --filter "FullyQualifiedName~Surface"
# Ends with one plain line, "N passed, N failed, N skipped", and exits with dotnet test's status.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# git: the planner reads HEAD; nodejs/npm: the schema is checked by ajv (a validator nobody here wrote).
# buildah, podman, runc: real image builds; docker-registry + apache2-utils (htpasswd): a real OCI registry with auth;
# busybox-static: a base image without internet. postgresql, python3-alembic, python3-psycopg2: real migrations
# against a throw-away cluster. python3-venv, python3-pytest: the seed pipelines' Python set-up (a virtualenv over
# Debian's Python whose packages satisfy the examples' requirements without PyPI) and their pytest runs. openssh-server/-client: the home-server SSH transport against a real sshd; nginx, caddy:
# proxies a home-server blue/green deploy switches; wrk: the load that proves such a deploy fails no request.
packages=(git ca-certificates buildah podman runc docker-registry apache2-utils busybox-static postgresql python3-alembic python3-psycopg2 python3-venv python3-pytest openssh-server openssh-client nginx caddy wrk)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
# cargo: the Scribe example's API crate is tested (cargo test) and built as the image's static binary.
command -v cargo >/dev/null 2>&1 || packages+=(cargo)

# Only what dpkg does not list as installed goes to apt, so a second run installs nothing and reads no package index.
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "${packages[@]}"; do
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null) == installed ]] || missing+=("$package")
  done
else
  echo "test.sh: no dpkg-query (not Debian): make sure these are installed: ${packages[*]}" >&2
fi

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) == 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "error: missing Debian packages: ${missing[*]}. Installing them needs root: run ./test.sh as root, install sudo," \
      "or run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "test.sh: installing missing Debian packages: ${missing[*]}"
  # `env` inside sudo: sudo may drop DEBIAN_FRONTEND from the environment.
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
    { echo "error: apt-get update failed (needs root or sudo); missing: ${missing[*]}" >&2; exit 1; }
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { echo "error: apt-get install ${missing[*]} failed" >&2; exit 1; }
fi

# moto_server and the aws CLI (botocore) come with the machine's Python (moto[server] 5, awscli); not from apt.
for tool in moto_server aws; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "error: $tool is not on PATH; it comes with the machine's Python: pip install 'moto[server]>=5' awscli" >&2; exit 1; }
done

# npm ci deletes node_modules and installs it anew; the stamp inside it says which package-lock.json it came from.
npm_stamp=node_modules/.package-lock.sha256
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $npm_stamp || $(cat "$npm_stamp") != "$lock_hash" ]]; then
  npm ci --no-audit --no-fund
  echo "$lock_hash" >"$npm_stamp"
fi

# dotnet-ef (the EF Core migration tests) and pwsh (build.ps1's tests): the versions .config/dotnet-tools.json pins.
restored=$(dotnet tool restore 2>&1) || { echo "$restored" >&2; echo "error: dotnet tool restore failed" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test src/Deployer.Tests "$@" 2>&1 | tee "$log" || status=${PIPESTATUS[0]}

# One plain closing line, from dotnet test's own summary ("Passed!  - Failed: 0, Passed: 12, Skipped: 1, Total: …").
summary=$(grep -E '(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" | tail -1 || true)
if [[ $summary =~ Failed:\ +([0-9]+),\ Passed:\ +([0-9]+),\ Skipped:\ +([0-9]+) ]]; then
  echo "${BASH_REMATCH[2]} passed, ${BASH_REMATCH[1]} failed, ${BASH_REMATCH[3]} skipped"
else
  echo "dotnet test printed no test summary (exit code $status)"
fi
exit "$status"
