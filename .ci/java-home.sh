#!/usr/bin/env bash
# Sourced by .ci/run and bin/quickstart: exports JAVA_HOME pointing at a JDK 25 or newer.
# Takes JAVA_HOME if it already is one, else searches the usual install locations, because a
# machine's default `java` may be older (Debian's default is 17).

weir_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

weir_find_jdk() {
  local candidate major
  for candidate in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/* /opt/java/* /opt/jdk* \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(weir_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(weir_find_jdk); then
  echo "No JDK 25 or newer found (looked at JAVA_HOME and /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks)." >&2
  echo "Install one, for example Temurin 25, and set JAVA_HOME to it." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
