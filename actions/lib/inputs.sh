# shellcheck shell=bash
# Input checks and masking, for the first step of every action (sourced through deployer.sh).
# `required: true` in action.yml is not enforced by the runner, so every action checks its own.

DEPLOYER_INPUT_ERRORS=0

# An ::error:: annotation naming the input; the step fails with exit code 2 (invalid input) in deployer_check_done.
# The message quotes the value given, so it goes through deployer_command's escaping.
deployer_input_error() {
  local name=$1 message=$2
  deployer_command error "Input '${name}' ${message}" title "Invalid input '${name}'"
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
# before anything else uses the value; the runner then hides the value in every later line of the job's log. Each line
# is escaped: the runner unescapes it, so a secret holding "%0A" is masked as written, not as a line break.
deployer_mask() {
  local value=$1 line
  [[ -z $value ]] && return 0
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%$'\r'}
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [[ -n $line ]] && deployer_command add-mask "$line"
  done <<<"$value"
  return 0
}

# ::add-mask:: for every string value of a JSON object (the app-secrets input, toJSON(secrets)). jq is on GitHub's
# hosted runners; where it is missing, Deployer masks each value itself the moment it reads them, before any step runs.
deployer_mask_json_values() {
  local json=$1 value
  [[ -z $json ]] && return 0
  command -v jq >/dev/null 2>&1 || return 0
  while IFS= read -r -d '' value; do
    deployer_mask "$value"
  done < <(jq -j '.. | strings | (., "\u0000")' <<<"$json" 2>/dev/null || true)
  return 0
}

# ---------------------------------------------------------------------------------------------------------------------
# Which target runs.

# The target a `deploy` runs: `all` is the whole release of the environment (DeployStaging / DeployProduction), any
# other value one provider's slice of it.
# The deploy targets are the build's own: "all" (the whole release for the environment), or a provider as kebab-case
# (ecs, vercel, static-site …) naming its Deploy<Provider> target in .nuke/build.schema.json, which the build
# generates. A new provider's target is accepted here without a change to this file.
deployer_deploy_target() {
  local target=$1 environment=$2 word name=Deploy
  case $target in
    all | "")
      case $environment in
        staging) echo DeployStaging ;;
        production) echo DeployProduction ;;
        "") return 1 ;;
        *) echo Deploy ;;
      esac
      return 0 ;;
  esac
  [[ $target =~ ^[a-z0-9]+(-[a-z0-9]+)*$ ]] || return 1
  local IFS=-
  for word in $target; do name+=${word^}; done
  deployer_build_targets | grep -qx "$name" || return 1
  echo "$name"
}

# The build's provider deploy targets, kebab-case, for messages: ecs sam vercel …
deployer_deploy_targets() {
  local target
  while IFS= read -r target; do
    case $target in Deploy | DeployStaging | DeployProduction) continue ;; Deploy*) ;; *) continue ;; esac
    target=${target#Deploy}
    sed -E 's/([a-z0-9])([A-Z])/\1-\2/g' <<<"$target" | tr '[:upper:]' '[:lower:]'
  done < <(deployer_build_targets)
}

# Target names listed in the build's schema (.nuke/build.schema.json under Deployer's root).
deployer_build_targets() {
  local schema
  schema="$(deployer_root)/.nuke/build.schema.json"
  sed -n '/"ExecutableTarget"/,/\]/p' "$schema" | grep -oE '"[A-Za-z0-9]+"' | tr -d '"' | grep -v '^ExecutableTarget$'
}

deployer_check_deploy_target() {
  local target=$1 environment=$2
  [[ -z $target ]] && return 0
  deployer_deploy_target "$target" "${environment:-staging}" >/dev/null && return 0
  deployer_input_error target "must be one of: all|$(deployer_deploy_targets | paste -sd'|' -) (got '${target}')."
}

