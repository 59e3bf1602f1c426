#!/usr/bin/env bash
# Runs one job: scripts/run-job.sh JOB [name=value ...] [--restart | --recover | --rerun]
# Exit codes: 0 completed, 1 failed, 2 invalid parameters/config, 3 already running, 4 completed with skips.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
suite_run run-job "$@"
