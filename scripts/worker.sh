#!/usr/bin/env bash
# Runs the suite's jar as a remote-partitioning worker: scripts/worker.sh [--governance.NAME=VALUE ...]
# It takes partition requests from the broker (governance.partitioning.broker-url) and records them in the
# shared job repository, until SIGTERM (it lets the partitions under way finish). Needs
# governance.partitioning.mode: remote in the same config as the manager's (docs/scale-out.md).
# Exit codes: 0 stopped on request, 2 invalid configuration.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
suite_run worker "$@"
