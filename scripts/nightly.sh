#!/usr/bin/env bash
# The night as one job: scripts/nightly.sh [--date D] [--restart | --recover | --rerun] [name=value ...]
# Runs inventory -> tag -> retention (mode from config/retention.yml) -> the extracts scheduled in
# config/extracts.yml, as one execution of the job `nightly`. The date defaults to yesterday in
# governance.zone. A failed or stopped night resumes from its first unfinished step (--restart, or the
# same command); a completed date is not redone without --rerun. See docs/scheduling.md.
# Exit codes: 0 completed, 1 failed (retry), 2 invalid parameters/config or refused, 3 another job runs,
# 4 completed with quarantined or skipped records, 5 stopped by SIGTERM/SIGINT (resume with --restart).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --date) args+=("date=${2:?--date needs a date (YYYY-MM-DD)}"); shift 2 ;;
    --date=*) args+=("date=${1#--date=}"); shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
suite_run run-job nightly ${args[@]+"${args[@]}"}
