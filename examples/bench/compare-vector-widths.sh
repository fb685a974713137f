#!/usr/bin/env bash
# Runs the plain backend's comparison under JVM flags that restrict the vector unit, so that one machine with
# AVX-512 shows what plain does on others: AVX2 (16 registers of 4 doubles), 128 bits (NEON's width), AVX, no fused
# multiply-add (where plain chooses its scalar kernels) and without the Vector API module. Flag sets alternate,
# ROUNDS times (default 1), each in a JVM of its own, and the figures are printed run by run.
#
#   examples/bench/compare-vector-widths.sh [CompareBackends options, e.g. --quick]
#
# Builds first (SKIP_BUILD=1 reuses the last build). Each run's tables go to examples/target/bench/widths/ROUND-NAME
# (override the directory with BENCH_OUT=...).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_OUT:-$root/examples/target/bench/widths}
rounds=${ROUNDS:-1}
cd "$root"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q -pl examples -am package -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip
fi

vector=--add-modules=jdk.incubator.vector
names=(default avx2 128-bit avx no-fma scalar)
flags=("$vector" "$vector -XX:UseAVX=2" "$vector -XX:MaxVectorSize=16" "$vector -XX:UseAVX=1" "$vector -XX:UseAVX=0" "")
echo "source: $(git describe --always --dirty 2>/dev/null || echo unknown); load before: $(uptime)"
for round in $(seq 1 "$rounds"); do
  for i in "${!names[@]}"; do
    dir="$out/$round-${names[$i]}"
    mkdir -p "$dir"
    echo "== round $round, ${names[$i]}: java ${flags[$i]}"
    # shellcheck disable=SC2086  # the flags are words
    java ${flags[$i]} -cp "examples/target/tinytorch/lib/*" dev.tinytorch.examples.bench.CompareBackends \
      --backends plain --out "$dir" "$@" > "$dir/output.txt" 2>&1 || { tail -5 "$dir/output.txt"; exit 1; }
  done
done
echo "load after: $(uptime)"

# One line per workload, one column per flag set: float64's median of each run, runs separated by slashes
# (results.csv: backend,dtype,workload,unit,higher_is_better,median,...).
echo
printf '%-44s' "workload (median of each run)"
printf ' | %-22s' "${names[@]}"
echo
for workload in "gemm 64x64 * 64x64,GFLOPS" "gemm 256x256 * 256x256,GFLOPS" "gemm 1024x1024 * 1024x1024,GFLOPS" \
    "seed MLP 30-20-1 b64,us/step" "MNIST MLP 784-256-10 b64,samples/s" "LeNet-5 1x28x28 b64,samples/s"; do
  printf '%-44s' "$workload"
  for name in "${names[@]}"; do
    cell=$(for round in $(seq 1 "$rounds"); do
      awk -F, -v w="plain,float64,$workload," 'index($0, w) == 1 { printf "%.3g\n", $6 }' "$out/$round-$name/results.csv"
    done | paste -sd/)
    printf ' | %-22s' "$cell"
  done
  echo
done
