#!/usr/bin/env bash
# Measures numpy and PyTorch, then every tinytorch backend in float64 and float32 (each in a JVM of its own), back to
# back on this machine, and prints the issues' targets as ratios. The reference script is not part of this project: pass its path (e.g.
# ../shared/bench/reference.py).
#
#   examples/bench/compare-with-reference.sh PATH/TO/reference.py [CompareBackends options, e.g. --quick]
#   ROUNDS=5 examples/bench/compare-with-reference.sh PATH/TO/reference.py --workloads mlp,lenet,lstm,gru,gemm
#
# Builds first (so compiling does not fall between the two measurements; SKIP_BUILD=1 reuses the last build), then
# runs reference.py (the parts in REFERENCE_PARTS, default "sklearn seed torch cnn rnn") and numpy-gemm.py in float64
# and float32 with Debian's python3 (override with PYTHON=...), then CompareBackends --reference on their output.
# Everything goes to examples/target/bench (override with BENCH_OUT=...), with the source revision and the load
# average before, between and after.
#
# With ROUNDS=N it does that N times, references then tinytorch each time (so the two alternate and a change of load
# reaches both), into BENCH_OUT/round-1 ... round-N, then prints and writes (BENCH_OUT/rounds.txt) every target's
# ratio in each round and the median over the rounds, which is what the issues' targets are judged by.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: [ROUNDS=N] $0 PATH/TO/reference.py [CompareBackends options]" >&2
  exit 2
fi
reference_script=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_OUT:-$root/examples/target/bench}
python=${PYTHON:-/usr/bin/python3}
rounds=${ROUNDS:-}
parts=${REFERENCE_PARTS:-sklearn seed torch cnn rnn}
if [ -n "$rounds" ] && ! [ "$rounds" -ge 1 ] 2>/dev/null; then
  echo "ROUNDS must be a positive number, not '$rounds'" >&2
  exit 2
fi

cd "$root"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q -pl examples -am package -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip
fi
classpath="examples/target/tinytorch/lib/*"

# Debian's OpenBLAS may not know this processor: REFERENCE_OPENBLAS_CORETYPE=SkylakeX (say) runs the references, and
# only them, on those kernels, with OPENBLAS_L2_SIZE unset; the Java side keeps the environment as it is.
reference=("$python")
if [ -n "${REFERENCE_OPENBLAS_CORETYPE:-}" ]; then
  reference=(env -u OPENBLAS_L2_SIZE "OPENBLAS_CORETYPE=$REFERENCE_OPENBLAS_CORETYPE" "$python")
fi

# One round into directory $1: the references, then CompareBackends with the remaining arguments.
one_round() {
  local dir=$1
  shift
  mkdir -p "$dir"
  revision=$(git describe --always --dirty 2>/dev/null || echo unknown)
  echo "source: $revision; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-} OMP_NUM_THREADS=${OMP_NUM_THREADS:-}" \
    "REFERENCE_OPENBLAS_CORETYPE=${REFERENCE_OPENBLAS_CORETYPE:-}" | tee "$dir/load.txt"
  "${reference[@]}" -c 'import threadpoolctl, numpy; print("reference kernels:", [(i["internal_api"], i.get("architecture")) for i in threadpoolctl.threadpool_info()])' \
    2>/dev/null | tee -a "$dir/load.txt" || true
  echo "load before: $(uptime)" | tee -a "$dir/load.txt"
  {
    # The workloads the comparison has; numpy's float32 GEMM only comes from numpy-gemm.py.
    for part in $parts; do "${reference[@]}" "$reference_script" "$part"; done
    "${reference[@]}" "$root/examples/bench/numpy-gemm.py"
    "${reference[@]}" "$root/examples/bench/numpy-gemm.py" --float32 64 128 256 512 1024
  } | tee "$dir/reference.txt"
  echo "load between: $(uptime)" | tee -a "$dir/load.txt"
  java --add-modules=jdk.incubator.vector -cp "$classpath" \
    dev.tinytorch.examples.bench.CompareBackends --reference "$dir/reference.txt" --out "$dir" "$@"
  echo "load after: $(uptime)" | tee -a "$dir/load.txt"
}

if [ -z "$rounds" ]; then
  one_round "$out" "$@"
  exit 0
fi
dirs=()
for ((i = 1; i <= rounds; i++)); do
  echo "== round $i of $rounds"
  one_round "$out/round-$i" "$@"
  dirs+=("$out/round-$i")
done
echo
echo "== targets over $rounds rounds (the median ratio is the one to read)"
java -cp "$classpath" dev.tinytorch.examples.bench.TargetRounds "${dirs[@]}" | tee "$out/rounds.txt"
