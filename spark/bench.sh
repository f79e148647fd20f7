#!/usr/bin/env bash
# Times `explaint heads` (2 threads) against the Spark job on local[1] and local[2] over a
# treebank, without the random-model control, and checks that all three JSON files are equal.
# Run after `mvn -B -DskipTests install` (builds bin/explaint's classpath and the shaded jar).
# "wall" includes JVM (and Spark) start-up; "inside" is the time the program itself reports
# (model load, scoring, summary and writing; for Spark also the session start).
# Usage: spark/bench.sh TREEBANK [OUTDIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
treebank="$1"
out="${2:-$(mktemp -d)}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
spark_cp="$out/spark-provided.cp"
(cd "$here" && mvn -B -o -q dependency:build-classpath -pl spark -Dmdep.includeScope=provided \
  -Dmdep.outputFile="$spark_cp")
jar="$(ls "$here"/spark/target/explaint-spark-*-all.jar)"
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
 --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
 --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"

seconds() { local s=$(date +%s.%N); "$@" > "$out/last.log" 2>&1; echo "$(date +%s.%N) - $s" | bc; }

t1=$(seconds "$here/bin/explaint" heads --model minilm --treebank "$treebank" --threads 2 \
  --no-random-control --out "$out/single.json")
echo "explaint heads, 2 threads: $t1 s wall; $(grep -o 'in [0-9.]* s' "$out/last.log" | tail -1) inside"
for master in 'local[1]' 'local[2]'; do
  name="spark-${master//[^0-9]/}"
  t=$(seconds "$java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED $opens \
    -Xmx6g -cp "$jar:$(cat "$spark_cp")" org.explaint.spark.SparkMain heads --spark "$master" \
    --model minilm --treebank "$treebank" --no-random-control --out "$out/$name.json")
  echo "SparkHeads $master: $t s wall; $(grep -o 'in [0-9.]* s' "$out/last.log" | tail -1) inside"
  cmp "$out/single.json" "$out/$name.json" && echo "  $name.json is byte-identical to single.json"
done
