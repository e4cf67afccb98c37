# shellcheck shell=bash
# Shared by the composite actions in actions/*/action.yml; each step sources it. It defines functions and tables only.
#
# What an action does, in order: check and mask its inputs (deployer_check_* / deployer_mask), find or install .NET,
# restore the cached build, then deployer_run: ./build.sh <Target> of *this* checkout of Deployer (the action's
# folder, $GITHUB_ACTION_PATH/../..) against the caller's repository ($GITHUB_WORKSPACE/<working-directory>), and map
# what the build wrote to $GITHUB_OUTPUT onto the action's outputs. The build writes the job summary itself.
#
# Inputs arrive as INPUT_* environment variables set by each step's `env:` (composite actions get no INPUT_* from the
# runner, and `${{ }}` never appears inside a script).

# ---------------------------------------------------------------------------------------------------------------------
# Output names, in one place.
#
# Renamed: "<name Deployer writes to $GITHUB_OUTPUT>=<action output>". Everything Deployer writes is also passed through
# under its own name, so an action.yml may map any of them; this table is for names the actions publish differently.
# The release ledger (Promote, Rollback, and the releases DeployStaging/DeployProduction record) is expected to write
# `release-id` and `environment-url`; when its names differ, change the left-hand side here, not the action.yml files.
DEPLOYER_RENAMED_OUTPUTS=(
  "release-id=release-id"
  "environment-url=url"
  "migrate-before=migration-before"
  "migrate-after=migration-after"
  "migrate-applied=migrations-applied"
)
# Collected into one JSON object per output, keyed by image or service: "<output>=<prefix>*<suffix>" over the step
# outputs Deployer writes as <step-id-with-dashes>-<key> (push-image:backend → push-image-backend-digest).
DEPLOYER_COLLECTED_OUTPUTS=(
  "images=push-image-*-image"
  "images=promote-image-*-image"
  "digests=push-image-*-digest"
  "digests=promote-image-*-digest"
  "task-definitions=deploy-ecs-*-task-definition"
)
# The keys steps write (see the step handlers in src/Deployer). Names and keys both hold dashes, so a name is read with
# the longest key it ends with: deploy-ecs-api-previous-task-definition is api's previous-task-definition, not the
# task-definition of a service called api-previous.
DEPLOYER_STEP_OUTPUT_KEYS=(previous-task-definition task-definition service-deployment image digest tag local before after applied)

# ---------------------------------------------------------------------------------------------------------------------
# Input checks. `required: true` in action.yml is not enforced by the runner, so every action checks its own.

DEPLOYER_INPUT_ERRORS=0

# An ::error:: annotation naming the input; the step fails with exit code 2 (invalid input) in deployer_check_done.
deployer_input_error() {
  local name=$1 message=$2
  echo "::error title=Invalid input '${name}'::Input '${name}' ${message}"
  DEPLOYER_INPUT_ERRORS=$((DEPLOYER_INPUT_ERRORS + 1))
}

deployer_check_required() {
  local name=$1 value=$2
  [[ -n ${value//[[:space:]]/} ]] || deployer_input_error "$name" "is required."
}

# deployer_check_one_of <name> <value> <allowed...>: an empty value passes (use deployer_check_required for that).
deployer_check_one_of() {
  local name=$1 value=$2 allowed
  shift 2
  [[ -z $value ]] && return 0
  for allowed in "$@"; do [[ $value == "$allowed" ]] && return 0; done
  deployer_input_error "$name" "must be one of: $(IFS='|'; echo "$*") (got '${value}')."
}

deployer_check_boolean() {
  deployer_check_one_of "$1" "$2" true false
}

# Environment names as Deployer's descriptions spell them; refuses what could smuggle options or paths.
deployer_check_name() {
  local name=$1 value=$2
  [[ -z $value || $value =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || deployer_input_error "$name" "must be a name of letters, digits, '-', '_' or '.' (got '${value}')."
}

# A path inside the caller's repository: relative, and not climbing out of it.
deployer_check_relative_path() {
  local name=$1 value=$2
  [[ -z $value ]] && return 0
  if [[ $value == /* || /$value/ == */../* ]]; then
    deployer_input_error "$name" "must be a path relative to the repository, without '..' (got '${value}')."
  fi
}

deployer_check_sha() {
  local name=$1 value=$2
  [[ -z $value || $value =~ ^[0-9a-fA-F]{7,40}$ ]] || deployer_input_error "$name" "must be a commit sha (got '${value}')."
}

deployer_check_done() {
  if ((DEPLOYER_INPUT_ERRORS > 0)); then
    echo "Deployer: ${DEPLOYER_INPUT_ERRORS} invalid input(s); nothing was run." >&2
    exit 2
  fi
}

# ::add-mask:: for a secret, one command per line (a multi-line value masked whole would leak its later lines). Call it
# before anything else uses the value; the runner then hides the value in every later line of the job's log.
deployer_mask() {
  local value=$1 line
  [[ -z $value ]] && return 0
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%$'\r'}
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [[ -n $line ]] && echo "::add-mask::${line}"
  done <<<"$value"
  return 0
}

# ---------------------------------------------------------------------------------------------------------------------
# Which target runs.

# The target a `deploy` runs: `all` is the whole release of the environment (DeployStaging / DeployProduction), any
# other value one provider's slice of it.
deployer_deploy_target() {
  local target=$1 environment=$2
  case $target in
    all | "")
      case $environment in
        staging) echo DeployStaging ;;
        production) echo DeployProduction ;;
        *) return 1 ;;
      esac ;;
    ecs) echo DeployEcs ;;
    sam) echo DeploySam ;;
    amplify) echo DeployAmplify ;;
    vercel) echo DeployVercel ;;
    static-site) echo DeployStaticSite ;;
    home-server) echo DeployHomeServer ;;
    *) return 1 ;;
  esac
}

DEPLOYER_DEPLOY_TARGETS=(all ecs sam amplify vercel static-site home-server)

deployer_check_deploy_target() {
  local target=$1 environment=$2
  deployer_check_one_of target "$target" "${DEPLOYER_DEPLOY_TARGETS[@]}"
  if [[ ${target:-all} == all && -n $environment ]] && ! deployer_deploy_target all "$environment" >/dev/null; then
    deployer_input_error target "'all' is the whole release, which Deployer runs for 'staging' and 'production' (DeployStaging, DeployProduction); for '${environment}' choose one target (ecs, sam, amplify, vercel, static-site, home-server)."
  fi
}

# ---------------------------------------------------------------------------------------------------------------------
# Setup: .NET and the cache of the compiled build.

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
    find build src/Deployer -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 sha256sum
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

# ---------------------------------------------------------------------------------------------------------------------
# Running the build.

# The folder the build runs in and uses as its root (--root): the caller's repository, or a folder inside it. Deployer
# resolves --config and relative paths against it, and reads .nuke/parameters.json there when present.
deployer_working_directory() {
  local workspace=${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set}
  (cd "$workspace/${INPUT_WORKING_DIRECTORY:-.}" && pwd)
}

DEPLOYER_BUILD_PID=
DEPLOYER_SIGNALLED=

# The runner cancels a step by sending SIGINT to the step's shell only, then SIGTERM 7.5 s later, then kills the
# process tree 2.5 s after that. The build is a child of this shell, so the first signal is passed on as one SIGTERM
# (Deployer's graceful cancel: stop or roll back what is in flight); later ones are not, as a second signal would make
# Deployer exit at once.
deployer_forward_signal() {
  [[ -n $DEPLOYER_SIGNALLED || -z $DEPLOYER_BUILD_PID ]] && return 0
  DEPLOYER_SIGNALLED=1
  echo "Deployer: cancelled; asking the build to stop or roll back what is in flight."
  kill -TERM "$DEPLOYER_BUILD_PID" 2>/dev/null || true
}

# deployer_run <Target...> [--parameter value ...]: runs the build and publishes its outputs; returns its exit code.
# Common inputs read here: INPUT_WORKING_DIRECTORY, INPUT_CONFIG, INPUT_GIT_SHA; secrets INPUT_GITHUB_TOKEN and
# INPUT_VERCEL_TOKEN reach the build as NUKE_* environment variables (Deployer's parameters), never on a command line.
deployer_run() {
  local root directory temp result_file build_outputs status
  root=$(deployer_root)
  directory=$(deployer_working_directory)
  temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
  result_file=$(mktemp "$temp/deployer-result.XXXXXX")
  build_outputs=$(mktemp "$temp/deployer-outputs.XXXXXX")
  local arguments=("$@" --root "$directory" --config "${INPUT_CONFIG:-deploy.yml}" --result-file "$result_file")
  [[ -n ${INPUT_GIT_SHA:-} ]] && arguments+=(--git-sha "$INPUT_GIT_SHA")

  echo "Deployer: ./build.sh ${arguments[*]}   (in ${directory})"
  (
    cd "$directory"
    export GITHUB_OUTPUT="$build_outputs"
    [[ -n ${INPUT_GITHUB_TOKEN:-} ]] && export NUKE_GITHUB_TOKEN="$INPUT_GITHUB_TOKEN"
    [[ -n ${INPUT_VERCEL_TOKEN:-} ]] && export NUKE_VERCEL_TOKEN="$INPUT_VERCEL_TOKEN"
    exec "$root/build.sh" "${arguments[@]}"
  ) &
  DEPLOYER_BUILD_PID=$!
  trap deployer_forward_signal INT TERM
  while true; do
    # `wait` returns early when a trapped signal arrives; wait again until the build itself has exited.
    status=0
    wait "$DEPLOYER_BUILD_PID" || status=$?
    kill -0 "$DEPLOYER_BUILD_PID" 2>/dev/null || break
  done
  trap - INT TERM

  deployer_publish_outputs "$build_outputs" "$status" "$result_file"
  rm -f "$build_outputs"
  return "$status"
}

# ---------------------------------------------------------------------------------------------------------------------
# Outputs.

DEPLOYER_OUTPUT_NAMES=()
DEPLOYER_OUTPUT_VALUES=()

# Reads a $GITHUB_OUTPUT file (name=value lines and name<<DELIMITER blocks) into the two arrays above.
deployer_read_outputs() {
  local file=$1 line name delimiter value
  DEPLOYER_OUTPUT_NAMES=()
  DEPLOYER_OUTPUT_VALUES=()
  while IFS= read -r line || [[ -n $line ]]; do
    if [[ $line =~ ^([A-Za-z0-9_.-]+)\<\<(.+)$ ]]; then
      name=${BASH_REMATCH[1]}
      delimiter=${BASH_REMATCH[2]}
      value=
      local first=1
      while IFS= read -r line; do
        [[ $line == "$delimiter" ]] && break
        if ((first)); then value=$line; first=0; else value+=$'\n'$line; fi
      done
    elif [[ $line == *=* ]]; then
      name=${line%%=*}
      value=${line#*=}
    else
      continue
    fi
    DEPLOYER_OUTPUT_NAMES+=("$name")
    DEPLOYER_OUTPUT_VALUES+=("$value")
  done <"$file"
}

# The value Deployer wrote for <name>, or nothing (exit 1) when it wrote none.
deployer_output() {
  local name=$1 i
  for i in "${!DEPLOYER_OUTPUT_NAMES[@]}"; do
    if [[ ${DEPLOYER_OUTPUT_NAMES[$i]} == "$name" ]]; then
      printf '%s' "${DEPLOYER_OUTPUT_VALUES[$i]}"
      return 0
    fi
  done
  return 1
}

# True when <name> ends with a known step output key longer than <suffix> ("-<key>").
deployer_has_longer_key() {
  local name=$1 suffix=$2 key
  for key in "${DEPLOYER_STEP_OUTPUT_KEYS[@]}"; do
    ((${#key} + 1 > ${#suffix})) && [[ $name == *"-$key" ]] && return 0
  done
  return 1
}

deployer_json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}

# deployer_set_output <name> <value>: appends to the step's $GITHUB_OUTPUT, as a delimited block when multi-line.
deployer_set_output() {
  local name=$1 value=$2 delimiter
  if [[ $value == *$'\n'* ]]; then
    delimiter="DEPLOYER_EOF_${RANDOM}${RANDOM}${RANDOM}${RANDOM}"
    printf '%s<<%s\n%s\n%s\n' "$name" "$delimiter" "$value" "$delimiter" >>"$GITHUB_OUTPUT"
  else
    printf '%s=%s\n' "$name" "$value" >>"$GITHUB_OUTPUT"
  fi
}

# Passes Deployer's outputs through, adds the renamed and collected ones, and always sets exit-code and result-file
# (Deployer writes exit-code only when a plan ran; a dry run or invalid input writes none).
deployer_publish_outputs() {
  local file=$1 status=$2 result_file=$3 i entry from to output pattern prefix suffix name key json
  deployer_read_outputs "$file"
  for i in "${!DEPLOYER_OUTPUT_NAMES[@]}"; do
    deployer_set_output "${DEPLOYER_OUTPUT_NAMES[$i]}" "${DEPLOYER_OUTPUT_VALUES[$i]}"
  done
  for entry in "${DEPLOYER_RENAMED_OUTPUTS[@]}"; do
    from=${entry%%=*}
    to=${entry#*=}
    [[ $from == "$to" ]] && continue
    if value=$(deployer_output "$from"); then deployer_set_output "$to" "$value"; fi
  done
  local done_outputs=" "
  for entry in "${DEPLOYER_COLLECTED_OUTPUTS[@]}"; do
    output=${entry%%=*}
    [[ $done_outputs == *" $output "* ]] && continue
    done_outputs+="$output "
    json=
    for pattern in "${DEPLOYER_COLLECTED_OUTPUTS[@]}"; do
      [[ ${pattern%%=*} == "$output" ]] || continue
      pattern=${pattern#*=}
      prefix=${pattern%%\**}
      suffix=${pattern#*\*}
      for i in "${!DEPLOYER_OUTPUT_NAMES[@]}"; do
        name=${DEPLOYER_OUTPUT_NAMES[$i]}
        [[ $name == "$prefix"*"$suffix" && ${#name} -gt $((${#prefix} + ${#suffix})) ]] || continue
        deployer_has_longer_key "$name" "$suffix" && continue
        key=${name#"$prefix"}
        key=${key%"$suffix"}
        [[ $json == *"$(deployer_json_string "$key"):"* ]] && continue
        json+="${json:+,}$(deployer_json_string "$key"):$(deployer_json_string "${DEPLOYER_OUTPUT_VALUES[$i]}")"
      done
    done
    deployer_set_output "$output" "{${json}}"
  done
  deployer_output exit-code >/dev/null || deployer_set_output exit-code "$status"
  deployer_set_output result-file "$result_file"
}

# True when this Deployer's build has the parameter <--option> (from ./build.sh --help): lets an action tell the user
# that an input needs a newer Deployer instead of silently doing nothing.
deployer_has_parameter() {
  local option=$1
  (cd "$(deployer_working_directory)" && "$(deployer_root)/build.sh" --help --root . 2>/dev/null) | grep -- "^  ${option}[ (]" >/dev/null
}
