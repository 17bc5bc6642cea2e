#!/bin/sh
# Builds Litescope's Linux app image and .deb from target/litescope.jar (mvn -Ppackage package runs this):
#   1. the jar (and the bundled sample's) without what runs only elsewhere: the SQLite and LZ4 drivers of other
#      systems (sqlite-jdbc carries twenty, lz4-java eleven) and the AtlantaFX themes the app does not offer;
#      this system's native libraries (JavaFX's, SQLite's, LZ4's) move out of the jar to lie beside it;
#   2. a runtime by jlink from the modules jdeps finds, less three that only unused code needs (below), plus
#      two that jdeps cannot see (TLS's elliptic curves, the HTTP server of the bundled Cloud Run sample, which
#      runs on this runtime's bin/java); stripped of debug information, man pages and headers, compressed;
#   3. the app image (jpackage): a launcher with bin/litescope's JVM options, and a second one, litescope-restore,
#      that runs a restore in a 128 MiB heap (the .deb's litescope on PATH hands a restore to it);
#   4. the list of classes a start loads until the demo is on screen, and a restore loads, recorded by one start
#      of the app (under Xvfb, with fresh user folders) and one restore of the demo. The installing machine turns
#      it into the class-data-sharing archive (postinst): an archive is valid only for the jar path and file
#      time it was made with, and shipping one would add 38 MB to the image, where the list is 0.3 MB;
#   5. the .deb (jpackage) from that image, xz-compressed at its best: JavaFX's system libraries as dependencies,
#      the menu entry (in the Development and Database groups) with the icon, and litescope on PATH.
# Needs: JDK 17+ (jdeps, jlink, jpackage), dpkg-deb, zip, xvfb-run; strip (binutils) when present.
set -eu
base=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
target=${1:-$base/target}
version=${2:-0.1.0}
version=${version%-SNAPSHOT}
out=$target/jpackage
jar=$target/litescope.jar
[ -f "$jar" ] || { echo "build.sh: $jar is missing; run mvn -Ppackage package" >&2; exit 1; }
for tool in jdeps jlink jpackage xvfb-run zip; do
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
case "$arch" in x86_64) lz4arch=amd64 ;; *) lz4arch=$arch ;; esac
cp -p "$jar" "$out/input/litescope.jar"
# Names in the jar that this system never loads: the SQLite and LZ4 native libraries of other systems, and the
# AtlantaFX themes other than the two the app offers (Primer light and dark; ui/fx/Themes).
foreign() {
  unzip -Z1 "$1" 'org/sqlite/native/*' 'net/jpountz/util/*' 'atlantafx/base/theme/*' 2>/dev/null \
    | grep -v '/$' \
    | grep -v -e "^org/sqlite/native/Linux/$arch/" -e "^net/jpountz/util/linux/$lz4arch/" \
    | grep -v -e '^net/jpountz/util/[^/]*\.class$' -e '^net/jpountz/util/[^/]*$' \
    | grep -v -e '^atlantafx/base/theme/[^/]*\.class$' -e '^atlantafx/base/theme/primer-' || true
}
# And what nothing runs anywhere: the libraries' Maven descriptors, JavaFX's SWT bridge (a jar in the jar), and
# the data of ControlsFX controls the app does not use (the world map's outlines, the FontAwesome glyph font;
# LayeringTest keeps the app off both).
unused() {
  unzip -Z1 "$1" 'META-INF/maven/*' javafx-swt.jar org/controlsfx/control/worldmap-small.properties \
    org/controlsfx/glyphfont/fontawesome-webfont.ttf 2>/dev/null | grep -v '/$' || true
}
drop=$( (foreign "$out/input/litescope.jar"; unused "$out/input/litescope.jar") | grep -v '^$' || true)
if [ -n "$drop" ]; then
  # shellcheck disable=SC2086
  zip -q -d "$out/input/litescope.jar" $drop
fi
# The native libraries this system loads leave the jar for lib/app, beside it, where each loader takes them as
# they are: JavaFX looks beside its jar first, LZ4 on java.library.path, SQLite where org.sqlite.lib.path says
# (the launchers' options, step 3). From inside the jar, JavaFX would hash each one against a copy it keeps under
# ~/.openjfx at every start (and write that copy at a new user's first), and SQLite and LZ4 would write theirs to
# /tmp (SQLite comparing its copy byte by byte), beside the window's first frame.
natives=$(unzip -Z1 "$out/input/litescope.jar" '*.so' \
  | grep -e '^lib[^/]*\.so$' -e "^org/sqlite/native/Linux/$arch/libsqlitejdbc\.so$" \
    -e "^net/jpountz/util/linux/$lz4arch/liblz4-java\.so$" || true)
for lib in libglass.so libprism_sw.so libsqlitejdbc.so liblz4-java.so; do
  echo "$natives" | grep -q "\(^\|/\)$lib$" || { echo "build.sh: the jar has no $lib for this system" >&2; exit 1; }
done
(
  cd "$out/staging"
  # shellcheck disable=SC2086
  unzip -q -o "$out/input/litescope.jar" $natives
  for lib in $natives; do
    mv "$lib" "$out/input/$(basename "$lib")"
  done
)
# shellcheck disable=SC2086
zip -q -d "$out/input/litescope.jar" $natives

# The bundled Cloud Run sample's jar runs only here (a deploy has Cloud Build build the sample from its
# sources), so it loses them too.
if unzip -Z1 "$out/input/litescope.jar" sample/guestbook.jar >/dev/null 2>&1; then
  (
    cd "$out/staging"
    unzip -q -o "$out/input/litescope.jar" sample/guestbook.jar
    drop=$( (foreign sample/guestbook.jar; unused sample/guestbook.jar) | grep -v '^$' || true)
    # shellcheck disable=SC2086
    [ -z "$drop" ] || zip -q -d sample/guestbook.jar $drop
    zip -q "$out/input/litescope.jar" sample/guestbook.jar
    rm -rf sample
  )
fi

# 2. The runtime. jdeps also names modules that only code Litescope never runs needs: java.compiler (Error
#    Prone's annotations, a compile-time matter), jdk.jfr (JavaFX's optional pulse recorder) and
#    jdk.unsupported.desktop (JavaFX's Swing interop); with the last goes java.desktop, AWT and Swing, which the
#    rest reaches only from JavaFX's Java2D pipeline and printing, ControlsFX's Swing table model and bean
#    adapters, and Jackson's optional java.beans annotations. The smoke test runs the installed app.
modules=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$out/input/litescope.jar")
modules=$(echo "$modules" | tr ',' '\n' | grep -v -x -e java.compiler -e jdk.jfr -e jdk.unsupported.desktop \
  -e java.desktop | paste -sd, -)
modules="$modules,jdk.crypto.ec,jdk.httpserver"
echo "build.sh: runtime modules: $modules"
# No --generate-cds-archive: the archive the installing machine makes holds the JDK's classes too.
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$out/runtime"
if command -v strip >/dev/null 2>&1; then
  find "$out/runtime" -name '*.so' -exec strip --strip-unneeded {} +
fi

# 3. The app image. $APPDIR is the image's lib/app. The archive named here exists once postinst made it; until
#    then (or from an image run where it was built) -Xshare:auto starts without it, silently.
opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms64m -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
libs_opt="-Djava.library.path=\$APPDIR -Dorg.sqlite.lib.path=\$APPDIR -Dorg.sqlite.lib.name=libsqlitejdbc.so"
archive_opt="-XX:SharedArchiveFile=\$APPDIR/litescope.jsa"
# A restore holds what its design bounds whatever the database's size (as in bin/litescope).
printf 'java-options=%s %s %s -Xmx128m\n' "$opts" "$libs_opt" "$archive_opt" \
  > "$out/staging/litescope-restore.properties"
jpackage --type app-image --dest "$out" --name litescope --app-version "$version" \
  --vendor Litescope --description "Browse and restore SQLite databases that Litestream replicates" \
  --input "$out/input" --main-jar litescope.jar --main-class dev.litescope.app.Launcher \
  --runtime-image "$out/runtime" --icon "$base/assets/icon/litescope-256.png" \
  --java-options "$opts $libs_opt $archive_opt" \
  --add-launcher litescope-restore="$out/staging/litescope-restore.properties"
image=$out/litescope
grep -q -- '-Xmx128m' "$image/lib/app/litescope-restore.cfg" \
  || { echo "build.sh: the restore launcher lacks its heap limit" >&2; exit 1; }
cp "$base/jpackage/linux/litescope-path" "$image/bin/litescope-path"
chmod 755 "$image/bin/litescope-path"

# 4. The class list: what a desktop start loads until the demo is on screen (the launch probe then quits), and
#    what a restore of the demo loads, in the image's own runtime, with fresh user folders.
java="$image/lib/runtime/bin/java"
libs=$(echo "$libs_opt" | sed "s|\\\$APPDIR|$image/lib/app|g")
home=$out/staging/home
mkdir -p "$home"
in_home() {
  HOME=$home XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache XDG_DATA_HOME=$home/data \
    XDG_STATE_HOME=$home/state "$@"
}
# shellcheck disable=SC2086
in_home timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$java" $opts $libs -Dlitescope.launchProbe=true \
  -XX:DumpLoadedClassList="$out/staging/classes-app.list" -cp "$image/lib/app/litescope.jar" \
  dev.litescope.app.Launcher > "$out/staging/training.log" 2>&1 \
  || { cat "$out/staging/training.log" >&2; exit 1; }
grep -q "litescope-probe replica-shown" "$out/staging/training.log" \
  || { echo "build.sh: the training start did not show the demo:" >&2; cat "$out/staging/training.log" >&2; exit 1; }
replica=$(ls -d "$home"/cache/litescope/demo-*/replica | head -n 1)
[ -d "$replica" ] || { echo "build.sh: the training start installed no demo replica" >&2; exit 1; }
# shellcheck disable=SC2086
in_home "$java" $opts $libs -Xmx128m -XX:DumpLoadedClassList="$out/staging/classes-restore.list" \
  -cp "$image/lib/app/litescope.jar" dev.litescope.app.Launcher restore -o "$home/restored.db" "file://$replica" \
  >> "$out/staging/training.log" 2>&1 || { cat "$out/staging/training.log" >&2; exit 1; }
cat "$out/staging/classes-app.list" "$out/staging/classes-restore.list" | awk '!seen[$0]++' \
  > "$image/lib/app/litescope.classlist"
[ "$(wc -l < "$image/lib/app/litescope.classlist")" -gt 1000 ] \
  || { echo "build.sh: the class list is too short" >&2; exit 1; }
# The archive postinst will make must be one this runtime accepts: made here once from the list and mapped with
# -Xshare:on (which fails where the launcher's -Xshare:auto would quietly go without), then removed.
sh "$base/jpackage/linux/make-archive" "$image" "$out/staging/check.jsa"
"$java" -Xshare:on -XX:SharedArchiveFile="$out/staging/check.jsa" -cp "$image/lib/app/litescope.jar" \
  dev.litescope.app.Launcher --help > /dev/null \
  || { echo "build.sh: the runtime refuses an archive made from the class list" >&2; exit 1; }
echo "build.sh: $(wc -l < "$image/lib/app/litescope.classlist") classes listed; an archive from them is" \
  "$(du -m "$out/staging/check.jsa" | cut -f1) MB"
rm -f "$out/staging/check.jsa"
cp "$base/jpackage/linux/make-archive" "$image/lib/make-archive"

# 5. The .deb. Its postinst (jpackage/linux) copies the menu entry from lib/, puts litescope on PATH and makes
#    the class archive; prerm removes what postinst made.
cp "$base/jpackage/linux/litescope.desktop" "$image/lib/litescope.desktop"
jpackage --type deb --dest "$out" --name litescope --app-version "$version" \
  --vendor Litescope --description "Browse and restore SQLite databases that Litestream replicates" \
  --app-image "$image" --resource-dir "$base/jpackage/linux" --icon "$base/assets/icon/litescope-256.png" \
  --linux-package-name litescope \
  --linux-app-category database --linux-deb-maintainer litescope@localhost \
  --linux-package-deps "$libraries"
# jpackage leaves dpkg-deb's default compression; the package is rebuilt as it was made, at xz's best.
deb=$(ls "$out"/litescope_*.deb)
rm -rf "$out/staging/deb"
dpkg-deb -R "$deb" "$out/staging/deb"
dpkg-deb -Zxz -z9 -b "$out/staging/deb" "$deb" >/dev/null
rm -rf "$out/staging/deb"
echo "build.sh: $(du -sm "$image" | cut -f1) MB app image in $image"
ls -l "$out"/*.deb
