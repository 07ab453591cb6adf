#!/usr/bin/env bash
# The long version of the crash test: many rounds of SIGKILL to the whole
# process family in the middle of concurrent commits, each followed by a
# restart that must find every acknowledged commit and nothing else.
#
#   bench/crash.sh          50 rounds
#   bench/crash.sh 200      200 rounds
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-50}
GPOSTGRES_CRASH_ROUNDS=$ROUNDS go test -count=1 -timeout 60m -run TestCrashKeepsAcknowledgedCommits -v ./test/integration/ | tail -5
