#!/usr/bin/env bash
# Times `explaint tokens` (2 threads) against `SparkMain tokens` on local[1] and local[2] over a
# treebank, and checks that all three JSON files are equal. Options after the treebank and
# output folder are passed to all three runs (e.g. --limit 500).
# Run after `mvn -B -DskipTests install` (builds bin/explaint's classpath and the shaded jar).
# "wall" includes JVM (and Spark) start-up.
# Usage: spark/bench-tokens.sh TREEBANK OUTDIR [OPTIONS...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
treebank="$1"
out="$2"
shift 2
mkdir -p "$out"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
spark_cp="$out/spark-provided.cp"
(cd "$here" && mvn -B -o -q dependency:build-classpath -pl spark -Dmdep.includeScope=provided \
  -Dmdep.outputFile="$spark_cp")
jar="$(ls "$here"/spark/target/explaint-spark-*-all.jar)"
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
         java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action \
         sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done

seconds() { local s=$(date +%s.%N); "$@" > "$out/last.log" 2>&1; echo "$(date +%s.%N) - $s" | bc; }

t1=$(seconds "$here/bin/explaint" tokens --model minilm --treebank "$treebank" --threads 2 "$@" \
  --out "$out/single.json")
echo "explaint tokens, 2 threads: $t1 s wall"
for master in 'local[1]' 'local[2]'; do
  name="spark-${master//[^0-9]/}"
  t=$(seconds "$java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED $opens \
    -Xmx6g -cp "$jar:$(cat "$spark_cp")" org.explaint.spark.SparkMain tokens --spark "$master" \
    --model minilm --treebank "$treebank" "$@" --out "$out/$name.json")
  echo "SparkMain tokens $master: $t s wall"
  cmp "$out/single.json" "$out/$name.json" && echo "  $name.json is byte-identical to single.json"
done
