package dev.litescope.ui.console;

import dev.litescope.restore.RestoreTarget;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.value.ObservableValue;

/**
 * The timeline a console opened on a replica's moment can follow: the replica, the environment it is opened
 * with, and the restore point the timeline's cursor is on (empty while the cursor is elsewhere: another replica, no
 * moment): a moment in a Litestream 0.3 generation, or a TXID on a 0.5 replica's lanes.
 */
public record TimelineFeed(String replicaUrl, Map<String, String> env, ObservableValue<Optional<RestoreTarget>> target,
                           Supplier<ZoneId> zone) {
}
