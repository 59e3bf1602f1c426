#!/usr/bin/env bash
# Recent job executions from the job repository: scripts/status.sh [--date D] [--job J] [--json] [--limit N]
# Read-only and lock-free: safe while a job runs. Shows executions left STARTED by a process that is
# gone, with the command that recovers them. Exit codes: 0 shown, 1 repository unreadable, 2 bad arguments.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
suite_run status "$@"
