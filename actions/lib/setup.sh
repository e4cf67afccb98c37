# shellcheck shell=bash
# Finding .NET and the cache settings of the compiled build (sourced through deployer.sh).

# This checkout of Deployer: the folder holding build.sh, two levels above the action's own folder.
deployer_root() {
  (cd "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this inside a composite action}/../.." && pwd)
}

# found=true when a `dotnet` on PATH can build Deployer: `dotnet --version` in the root honours its global.json, so an
# SDK too old for it fails here and actions/setup-dotnet installs one.
deployer_find_dotnet() {
  local root version
  root=$(deployer_root)
  if command -v dotnet >/dev/null 2>&1 && version=$(cd "$root" && dotnet --version 2>/dev/null); then
    echo ".NET SDK ${version} found: $(command -v dotnet)"
    echo "found=true" >>"$GITHUB_OUTPUT"
  else
    echo ".NET SDK for $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$root/global.json") not found; installing it."
    echo "found=false" >>"$GITHUB_OUTPUT"
  fi
}

# The content hash build.sh compares with .nuke/temp/build.stamp to decide whether to compile the build project: the
# same files, in the same order. hashFiles() sees only the workspace, and this checkout may live outside it.
deployer_build_sources_hash() {
  (
    cd "$(deployer_root)"
    find build src/Deployer src/Deployer.BuildEngine src/Deployer.Common -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    sha256sum global.json Directory.Build.props Directory.Packages.props
  ) | sha256sum | cut -d' ' -f1
}

# Outputs for actions/cache: the key (runner OS + sources hash) and the paths to keep: NuGet's packages, the compiled
# build and its stamp. On an exact hit build.sh starts the build without compiling; on a partial hit it recompiles
# from restored packages.
deployer_cache_settings() {
  local root hash
  root=$(deployer_root)
  hash=$(deployer_build_sources_hash)
  {
    echo "key=deployer-build-${RUNNER_OS:-Linux}-${hash}"
    echo "restore-key=deployer-build-${RUNNER_OS:-Linux}-"
    echo "paths<<DEPLOYER_PATHS"
    echo "${NUGET_PACKAGES:-$HOME/.nuget/packages}"
    echo "${root}/build/bin"
    echo "${root}/.nuke/temp/build.stamp"
    echo "DEPLOYER_PATHS"
  } >>"$GITHUB_OUTPUT"
  echo "Build sources hash: ${hash}"
}
