#!/usr/bin/env bash
# Sourced: exports JAVA_HOME pointing at a JDK 21 or newer, looking at JAVA_HOME, the java on
# PATH and the usual install folders, newest first. If none is found and apt-get is usable,
# installs one from the distribution's packages.

java_major() { # $1 = java home -> major version, or nothing
  "$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n1
}

pick_jdk() {
  local candidates=() home best="" best_major=0 major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/javac" ] || continue
    major=$(java_major "$home")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
    fi
  done
  [ -n "$best" ] && echo "$best"
}

JDK_HOME=$(pick_jdk || true)
if [ -z "$JDK_HOME" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "No JDK 21+ found; installing one with apt-get" >&2
  apt-get update -qq >/dev/null 2>&1 || true
  for pkg in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
    if apt-get install -y -qq "$pkg" >/dev/null 2>&1; then break; fi
  done
  JDK_HOME=$(pick_jdk || true)
fi
if [ -z "$JDK_HOME" ]; then
  echo "Pulse needs a JDK 21 or newer and none was found. Install one and set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$JDK_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
echo "Using JDK $(java_major "$JAVA_HOME") at $JAVA_HOME" >&2
