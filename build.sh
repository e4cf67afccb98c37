#!/usr/bin/env bash
# NUKE-style bootstrap: find dotnet, compile build/_build.csproj only when its sources changed, run the build.
# Usage: ./build.sh [targets] [--parameters]   (./build.sh --help lists both)
set -eo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
BUILD_DLL="$SCRIPT_DIR/build/bin/_build.dll"
TEMP_DIRECTORY="$SCRIPT_DIR/.nuke/temp"
STAMP_FILE="$TEMP_DIRECTORY/build.stamp"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# dotnet from PATH when it works; otherwise the SDK global.json pins, installed under .nuke/temp like NUKE does.
if command -v dotnet >/dev/null 2>&1; then
  DOTNET_EXE="$(command -v dotnet)"
  if ! version_error=$("$DOTNET_EXE" --version 2>&1); then
    echo "error: $DOTNET_EXE does not work: $version_error" >&2
    exit 1
  fi
else
  DOTNET_DIRECTORY="$TEMP_DIRECTORY/dotnet-unix"
  DOTNET_EXE="$DOTNET_DIRECTORY/dotnet"
  if [[ ! -x "$DOTNET_EXE" ]]; then
    mkdir -p "$TEMP_DIRECTORY"
    curl -sSfL https://dot.net/v1/dotnet-install.sh -o "$TEMP_DIRECTORY/dotnet-install.sh" ||
      { echo "error: dotnet is not on PATH and the .NET SDK installer could not be downloaded; install the SDK named in global.json" >&2; exit 1; }
    bash "$TEMP_DIRECTORY/dotnet-install.sh" --jsonfile "$SCRIPT_DIR/global.json" --install-dir "$DOTNET_DIRECTORY" --no-path
  fi
  export DOTNET_ROOT="$DOTNET_DIRECTORY"
fi

# A content hash (not mtimes: a checkout can bring back older files) of everything the build is compiled from.
sources_hash() {
  (
    cd "$SCRIPT_DIR"
    find build src/Deployer src/Deployer.BuildEngine src/Deployer.Common -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    sha256sum global.json Directory.Build.props Directory.Packages.props
  ) | sha256sum | cut -d' ' -f1
}

HASH="$(sources_hash)"
if [[ ! -f "$BUILD_DLL" || ! -f "$STAMP_FILE" || "$(cat "$STAMP_FILE")" != "$HASH" ]]; then
  "$DOTNET_EXE" build "$BUILD_PROJECT_FILE" -nologo -clp:NoSummary --verbosity quiet
  mkdir -p "$TEMP_DIRECTORY"
  echo "$HASH" > "$STAMP_FILE"
fi

# Starting the compiled build directly skips `dotnet run`'s project evaluation.
exec "$DOTNET_EXE" "$BUILD_DLL" "$@"
