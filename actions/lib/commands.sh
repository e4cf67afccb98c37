# shellcheck shell=bash
# Workflow commands (::error …::, ::add-mask::) with their data and properties escaped as the runner unescapes them
# (sourced through deployer.sh). An input echoed raw could carry a newline and then its own `::add-mask::` or
# `::error::` line, which the runner would obey; escaped, a multi-line value stays inside the one command.

# The message after the second `::`: % first (so the escapes added next are not escaped again), then CR and LF.
deployer_escape_data() {
  local s=$1
  s=${s//%/%25}
  s=${s//$'\r'/%0D}
  s=${s//$'\n'/%0A}
  printf '%s' "$s"
}

# A property value (title=, file=): as data, and also ':' and ',' which end a value.
deployer_escape_property() {
  local s
  s=$(deployer_escape_data "$1")
  s=${s//:/%3A}
  s=${s//,/%2C}
  printf '%s' "$s"
}

# deployer_command <command> <message> [<property> <value>]...: prints one workflow command line, e.g.
# deployer_command error "Input 'config' …" title "Invalid input 'config'" → ::error title=Invalid input 'config'::Input …
deployer_command() {
  local command=$1 message=$2 properties=
  shift 2
  while (($# >= 2)); do
    properties+="${properties:+,}$1=$(deployer_escape_property "$2")"
    shift 2
  done
  printf '::%s%s::%s\n' "$command" "${properties:+ $properties}" "$(deployer_escape_data "$message")"
}
