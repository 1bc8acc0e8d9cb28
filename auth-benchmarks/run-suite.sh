#!/usr/bin/env bash
# Runs the Portcullis benchmark suite (JMH) and writes JMH's JSON and a Markdown report.
#
#   auth-benchmarks/run-suite.sh            # short profile: about 5 minutes on 2 cores
#   auth-benchmarks/run-suite.sh long       # long profile: about 2 hours (2 forks, 5 s iterations,
#                                           # every OWASP row, 1 and 2 threads, verify and hash)
#   auth-benchmarks/run-suite.sh smoke      # every benchmark once, briefly: proves the setups
#
# Output: auth-benchmarks/target/suite/<run>.json (JMH) and results.md (tables: every
# implementation's time relative to libsodium's own, Portcullis' overhead, PHC parse time),
# headed by the machine and its load average. Run it on a quiet machine: other work on the
# cores shows up in the numbers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

profile="${1:-short}"
out="auth-benchmarks/target/suite"

mvn -B -q -ntp package -DskipTests -pl auth-benchmarks -am
mkdir -p "$out"
java -cp auth-benchmarks/target/benchmarks.jar dev.portcullis.auth.benchmarks.BenchmarkSuite \
  --profile "$profile" --out "$out" 2>&1 | tee "$out/suite.log"
