#!/bin/sh
# Builds Litescope's Linux app image and .deb from target/litescope.jar (mvn -Ppackage package runs this):
#   1. the jar (and the bundled sample's) without the SQLite drivers of other systems (sqlite-jdbc carries twenty);
#   2. a runtime by jlink from the modules jdeps finds, plus those that jdeps cannot see (TLS's elliptic curves,
#      the HTTP server of the bundled Cloud Run sample, which runs on this runtime's bin/java), with the JDK's
#      class-data-sharing archive, stripped of debug information, man pages and headers, compressed;
#   3. the app image (jpackage), whose launcher has bin/litescope's JVM options;
#   4. the app's own class-data-sharing archive, recorded by one start of the app (under Xvfb, with fresh user
#      folders, quitting once the demo is on screen) from the place the .deb installs it to, /opt/litescope: a
#      JDK 17 archive is valid only for the jar path it was recorded with. That start runs in a private mount
#      namespace where the image is mounted at /opt/litescope, so the machine's /opt is never touched;
#   5. the .deb (jpackage) from that image: JavaFX's system libraries as dependencies, the menu entry (in the
#      Development and Database groups) with the icon, and litescope on PATH.
# Needs: JDK 17+ (jdeps, jlink, jpackage), dpkg-deb, zip, xvfb-run, unshare and mount (root); strip (binutils)
# when present.
set -eu
skip_archive=
base=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
target=${1:-$base/target}
version=${2:-0.1.0}
version=${version%-SNAPSHOT}
out=$target/jpackage
jar=$target/litescope.jar
[ -f "$jar" ] || { echo "build.sh: $jar is missing; run mvn -Ppackage package" >&2; exit 1; }
for tool in jdeps jlink jpackage xvfb-run unshare; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build.sh: $tool is missing (xvfb-run: apt-get install xvfb)" >&2; exit 1; }
done
# The system libraries JavaFX loads, which jpackage cannot see: the .deb depends on them, and the training start
# below (a real window under Xvfb) needs them on this machine.
libraries=$(tr -d '\n' < "$base/jpackage/linux/runtime-libraries")
absent=""
for lib in $(echo "$libraries" | tr ',' ' '); do
  dpkg -s "$lib" >/dev/null 2>&1 || absent="$absent $lib"
done
[ -z "$absent" ] || { echo "build.sh: JavaFX needs these system libraries: apt-get install$absent" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/input" "$out/staging"

# 1. The jar for this system.
arch=$(uname -m)
cp -p "$jar" "$out/input/litescope.jar"
drop=$(unzip -Z1 "$jar" 'org/sqlite/native/*' | grep -v "^org/sqlite/native/Linux/$arch/" | grep -v '/$' || true)
if [ -n "$drop" ]; then
  # shellcheck disable=SC2086
  zip -q -d "$out/input/litescope.jar" $drop
fi

# The bundled Cloud Run sample's jar runs only here (a deploy has Cloud Build build the sample from its
# sources), so it loses them too.
if unzip -Z1 "$out/input/litescope.jar" sample/guestbook.jar >/dev/null 2>&1; then
  (
    cd "$out/staging"
    unzip -q -o "$out/input/litescope.jar" sample/guestbook.jar
    drop=$(unzip -Z1 sample/guestbook.jar 'org/sqlite/native/*' | grep -v "^org/sqlite/native/Linux/$arch/" \
      | grep -v '/$' || true)
    # shellcheck disable=SC2086
    [ -z "$drop" ] || zip -q -d sample/guestbook.jar $drop
    zip -q "$out/input/litescope.jar" sample/guestbook.jar
    rm -rf sample
  )
fi

# 2. The runtime.
modules=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$out/input/litescope.jar")
modules="$modules,jdk.crypto.ec,jdk.httpserver"
echo "build.sh: runtime modules: $modules"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --generate-cds-archive --output "$out/runtime"
# The JDK's archive for heaps over 32 GB is of no use to a desktop app; the native libraries lose their symbols.
rm -f "$out/runtime/lib/server/classes_nocoops.jsa"
if command -v strip >/dev/null 2>&1; then
  find "$out/runtime" -name '*.so' -exec strip --strip-unneeded {} +
fi

# 3. The app image. $APPDIR is the image's lib/app.
opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms64m -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
jpackage --type app-image --dest "$out" --name litescope --app-version "$version" \
  --vendor Litescope --description "Browse and restore SQLite databases that Litestream replicates" \
  --input "$out/input" --main-jar litescope.jar --main-class dev.litescope.app.Launcher \
  --runtime-image "$out/runtime" --icon "$base/assets/icon/litescope-256.png" \
  --java-options "$opts -XX:SharedArchiveFile=\$APPDIR/litescope.jsa"
image=$out/litescope
cfg=$image/lib/app/litescope.cfg

# 4. The class archive, recorded at /opt/litescope. Without a private mount namespace (a container without
#    CAP_SYS_ADMIN) there is none: the app then starts without it, correctly but slower.
if ! unshare -m true 2>/dev/null; then
  echo "build.sh: WARNING: unshare -m is not permitted here; the image ships no class archive" >&2
  skip_archive=1
fi
if [ -z "${skip_archive:-}" ]; then
  cp -p "$cfg" "$out/staging/litescope.cfg"
  sed -i 's|^java-options=-XX:SharedArchiveFile=.*|java-options=-XX:ArchiveClassesAtExit=$APPDIR/litescope.jsa\njava-options=-Dlitescope.launchProbe=true|' "$cfg"
  grep -q ArchiveClassesAtExit "$cfg" || { echo "build.sh: cannot find the archive option in $cfg" >&2; exit 1; }
  home=$out/staging/home
  mkdir -p "$home"
  # shellcheck disable=SC2016
  unshare -m sh -c '
    set -e
    mount -t tmpfs litescope-build /opt
    mkdir /opt/litescope
    mount --bind "$1" /opt/litescope
    HOME=$2 XDG_CONFIG_HOME=$2/config XDG_CACHE_HOME=$2/cache XDG_DATA_HOME=$2/data XDG_STATE_HOME=$2/state \
      timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" /opt/litescope/bin/litescope
  ' sh "$image" "$home" > "$out/staging/training.log" 2>&1 || { cat "$out/staging/training.log" >&2; exit 1; }
  cp -p "$out/staging/litescope.cfg" "$cfg"
  grep -q "litescope-probe replica-shown" "$out/staging/training.log" \
    || { echo "build.sh: the training start did not show the demo:" >&2; cat "$out/staging/training.log" >&2; exit 1; }
  [ -s "$image/lib/app/litescope.jsa" ] || { echo "build.sh: no class archive was recorded" >&2; exit 1; }
fi

# 5. The .deb. Its postinst (jpackage/linux) copies the menu entry from lib/ and puts litescope on PATH.
cp "$base/jpackage/linux/litescope.desktop" "$image/lib/litescope.desktop"
jpackage --type deb --dest "$out" --name litescope --app-version "$version" \
  --vendor Litescope --description "Browse and restore SQLite databases that Litestream replicates" \
  --app-image "$image" --resource-dir "$base/jpackage/linux" --icon "$base/assets/icon/litescope-256.png" \
  --linux-package-name litescope \
  --linux-app-category database --linux-deb-maintainer litescope@localhost \
  --linux-package-deps "$libraries"
# jpackage copies the image into the package with new file times, and a JDK 17 class archive is valid only with
# the jar it was recorded with, its time included: the package is rebuilt with the image's time on the jar (and
# otherwise as jpackage made it).
deb=$(ls "$out"/litescope_*.deb)
rm -rf "$out/staging/deb"
dpkg-deb -R "$deb" "$out/staging/deb"
touch -r "$image/lib/app/litescope.jar" "$out/staging/deb/opt/litescope/lib/app/litescope.jar"
dpkg-deb -b "$out/staging/deb" "$deb" >/dev/null
rm -rf "$out/staging/deb"
echo "build.sh: $(du -sm "$image" | cut -f1) MB app image in $image"
ls -l "$out"/*.deb
