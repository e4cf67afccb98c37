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

DEPLOYER_LIB=${BASH_SOURCE[0]%/*}
# shellcheck source=commands.sh
source "$DEPLOYER_LIB/commands.sh"
# shellcheck source=inputs.sh
source "$DEPLOYER_LIB/inputs.sh"
# shellcheck source=setup.sh
source "$DEPLOYER_LIB/setup.sh"
# shellcheck source=run.sh
source "$DEPLOYER_LIB/run.sh"
# shellcheck source=outputs.sh
source "$DEPLOYER_LIB/outputs.sh"
