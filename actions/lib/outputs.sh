# shellcheck shell=bash
# What the actions publish (sourced through deployer.sh). Output names, in one place:
#
# Renamed: "<name Deployer writes to $GITHUB_OUTPUT>=<action output>". Everything Deployer writes is also passed through
# under its own name, so an action.yml may map any of them; this table is for names the actions publish differently.
# The release ledger (Promote, Rollback, and the releases DeployStaging/DeployProduction record) is expected to write
# `release-id` and `environment-url`; when its names differ, change the left-hand side here, not the action.yml files.
DEPLOYER_RENAMED_OUTPUTS=(
  "release-id=release-id"
  "environment-url=url"
)
# Collections keyed by image or service (images, digests, task-definitions) and the migration revisions are written by
# Deployer itself, by the provider modules that produce them; this library passes them through and names no provider.

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

# Passes Deployer's outputs through, adds the renamed ones, and always sets exit-code and result-file
# (Deployer writes exit-code only when a plan ran; a dry run or invalid input writes none).
deployer_publish_outputs() {
  local file=$1 status=$2 result_file=$3 i entry from to value
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
  deployer_output exit-code >/dev/null || deployer_set_output exit-code "$status"
  deployer_set_output result-file "$result_file"
}
