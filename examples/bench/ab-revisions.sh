#!/usr/bin/env bash
# A/B of two revisions in one JVM (see AbRevisions.java): builds each revision's distribution in
# examples/target/ab/<revision> (a clone of this repository; `mvn package`, never install), then runs WORKLOAD on
# BACKEND in alternation, ROUNDS rounds (default 15) of STEPS training steps (default 40). JAVA_OPTS are passed to
# java (e.g. -Dtinytorch.plain.threads=1, or -Dtinytorch.dtype=float32 for float32; with -Dab.cpu=true and one
# thread, the rounds are timed in the thread's CPU time, which a loaded machine disturbs less).
#
#   examples/bench/ab-revisions.sh REV_A REV_B [WORKLOAD (lstm|gru|lenet|mlp) [BACKEND [ROUNDS [STEPS]]]]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
a=$1
b=$2
workload=${3:-lstm}
backend=${4:-plain}
rounds=${5:-15}
steps=${6:-40}

lib() {  # builds revision $1 unless built, prints its lib directory
  local rev dir
  rev=$(git -C "$root" rev-parse --short "$1")
  dir=$root/examples/target/ab/$rev
  if [ ! -d "$dir/examples/target/tinytorch/lib" ]; then
    rm -rf "$dir"
    git clone -q "$root" "$dir"
    git -C "$dir" checkout -q "$rev"
    (cd "$dir" && mvn -B -o -q package -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip >&2)
  fi
  echo "$dir/examples/target/tinytorch/lib"
}

lib_a=$(lib "$a")
lib_b=$(lib "$b")
echo "A = $a ($(git -C "$root" rev-parse --short "$a")), B = $b ($(git -C "$root" rev-parse --short "$b")); load before: $(uptime)"
java ${JAVA_OPTS:-} --add-modules=jdk.incubator.vector "$root/examples/bench/AbRevisions.java" "$lib_a" "$lib_b" "$workload" \
  "$backend" "$rounds" "$steps" 2>&1 | grep -v "^WARNING: Using incubator modules"
echo "load after: $(uptime)"
