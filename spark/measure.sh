#!/usr/bin/env bash
# Runs iwae4j.spark.SparkMeasure on local[2] with Spark on the classpath and the JVM flags of spark/pom.xml.
# usage: spark/measure.sh scoring [ROWS=1000000] [K=100]    or    spark/measure.sh grid
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests
mvn -q -B -pl spark dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/measure.classpath
flags=$(sed -n "s:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p" spark/pom.xml)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# shellcheck disable=SC2086
exec "$JAVA" $flags -Xmx8g -cp "spark/target/classes:$(cat spark/target/measure.classpath)" iwae4j.spark.SparkMeasure "$@"
