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
