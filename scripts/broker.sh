#!/usr/bin/env bash
# Runs an ActiveMQ Artemis broker from the suite's jar, for a demo or a test on one network:
# scripts/broker.sh [ACCEPTOR-URL (default tcp://0.0.0.0:61616)] [JOURNAL-FOLDER (default var/state/broker)]
# No authentication, no TLS: in production run Artemis's own distribution (docs/scale-out.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
suite_run broker "$@"
