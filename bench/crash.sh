#!/usr/bin/env bash
# The long version of the crash test: many rounds of SIGKILL to the whole
# process family in the middle of concurrent commits, each followed by a
# restart that must find every acknowledged commit and nothing else, every
# relation readable and every page on disk verified. Each round runs in
# every configuration of crashConfigs (test/integration/crash_test.go):
# with and without data checksums, default and 2MB shared_buffers.
#
#   bench/crash.sh                              50 rounds, every configuration
#   bench/crash.sh 200                          200 rounds
#   bench/crash.sh 50 checksums_small_buffers   one configuration
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-50}
CONFIG=${2:-}
GPOSTGRES_CRASH_ROUNDS=$ROUNDS go test -count=1 -timeout 120m -run "TestCrashKeepsAcknowledgedCommits/$CONFIG" -v ./test/integration/ |
	grep -E '^(---|ok|FAIL|PASS)|^\s+(---|crash_test)' | tail -20
