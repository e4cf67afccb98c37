# shellcheck shell=bash
# Running ./build.sh <Target> of this Deployer against the caller's repository (sourced through deployer.sh).

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
  [[ -n $DEPLOYER_SIGNALLED ]] && return 0
  DEPLOYER_SIGNALLED=1
  echo "Deployer: cancelled; asking the build to stop or roll back what is in flight."
  # A signal before the build started is passed on as soon as it has (see deployer_run).
  [[ -n $DEPLOYER_BUILD_PID ]] && kill -TERM "$DEPLOYER_BUILD_PID" 2>/dev/null
  return 0
}

# deployer_run <Target...> [--parameter value ...]: runs the build and publishes its outputs; returns its exit code.
# Common inputs read here: INPUT_WORKING_DIRECTORY, INPUT_CONFIG, INPUT_GIT_SHA; secrets INPUT_GITHUB_TOKEN,
# INPUT_VERCEL_TOKEN and INPUT_APP_SECRETS reach the build as NUKE_* environment variables (Deployer's parameters),
# never on a command line.
deployer_run() {
  local root directory temp result_file build_outputs status
  root=$(deployer_root)
  directory=$(deployer_working_directory)
  temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
  result_file=$(mktemp "$temp/deployer-result.XXXXXX")
  build_outputs=$(mktemp "$temp/deployer-outputs.XXXXXX")
  local arguments=("$@" --root "$directory" --config "${INPUT_CONFIG:-deploy.yml}" --result-file "$result_file")
  [[ -n ${INPUT_GIT_SHA:-} ]] && arguments+=(--git-sha "$INPUT_GIT_SHA")

  # Shell-quoted (%q): an input holding a line break is printed as $'…\n…', never as a line the runner reads as a command.
  printf 'Deployer: ./build.sh%s   (in %q)\n' "$(printf ' %q' "${arguments[@]}")" "$directory"
  trap deployer_forward_signal INT TERM
  (
    trap - INT TERM
    cd "$directory"
    export GITHUB_OUTPUT="$build_outputs"
    [[ -n ${INPUT_GITHUB_TOKEN:-} ]] && export NUKE_GITHUB_TOKEN="$INPUT_GITHUB_TOKEN"
    [[ -n ${INPUT_VERCEL_TOKEN:-} ]] && export NUKE_VERCEL_TOKEN="$INPUT_VERCEL_TOKEN"
    [[ -n ${INPUT_APP_SECRETS:-} ]] && export NUKE_APP_SECRETS="$INPUT_APP_SECRETS"
    exec "$root/build.sh" "${arguments[@]}"
  ) &
  DEPLOYER_BUILD_PID=$!
  [[ -n $DEPLOYER_SIGNALLED ]] && kill -TERM "$DEPLOYER_BUILD_PID" 2>/dev/null
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
