# Sourced by the scripts here, from the repository's root: use_jdk25 NAME sets JAVA_HOME to a
# JDK 25 (the one given if it is 25, else the first found under /usr/lib/jvm) and puts its java
# first on PATH, or stops the script naming itself (NAME) when there is none.
use_jdk25() {
  if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
    JAVA_HOME=
    for candidate in /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/jdk-25* /usr/lib/jvm/java-25-*; do
      if [ -x "$candidate/bin/java" ]; then export JAVA_HOME=$candidate; break; fi
    done
  fi
  if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
    echo "$1: set JAVA_HOME to a JDK 25" >&2
    exit 1
  fi
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
}
