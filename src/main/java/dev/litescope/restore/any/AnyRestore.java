package dev.litescope.restore.any;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.restore.FormatChoice;
import dev.litescope.restore.MovableCopy;
import dev.litescope.restore.Plan;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreResult;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.ltx.LtxMovingCopy;
import dev.litescope.restore.ltx.LtxPlan;
import dev.litescope.restore.ltx.LtxPlanner;
import dev.litescope.restore.ltx.LtxRestorer;
import dev.litescope.restore.v3.MovingCopy;
import dev.litescope.restore.v3.Planner;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.restore.v3.Restorer;
import dev.litescope.util.Cancellation;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A restore of a replica of either layout: the plan of the history {@link FormatChoice} picks, the restorer of
 * that plan's format, and the moving copy of that format. Its own package, so that the format-neutral
 * {@code restore} package does not depend on the two formats' packages, which depend on it.
 */
public final class AnyRestore {
    private AnyRestore() {
    }

    /** The plan for {@code target} in the history {@link FormatChoice#choose} picks (its note is not kept). */
    public static Plan plan(Replica replica, RestoreTarget target) throws ObjectStoreException, RestoreException {
        FormatChoice choice = FormatChoice.choose(replica, target);
        return plan(replica, choice, target);
    }

    /** The plan for {@code target} in the history already chosen. */
    public static Plan plan(Replica replica, FormatChoice choice, RestoreTarget target)
            throws ObjectStoreException, RestoreException {
        return choice.format() == Discovery.Format.LITESTREAM_0_5
                ? new LtxPlanner(new LtxCatalog(replica)).plan(target)
                : new Planner(new Catalog(replica)).plan(target);
    }

    /** Carries out a plan of either format into {@code out}, through its temporary file. */
    public static RestoreResult restore(Replica replica, Plan plan, Path out, RestoreOptions options,
                                        Progress.Listener listener, Cancellation cancel)
            throws RestoreException, Cancellation.CancelledException, IOException {
        return plan instanceof LtxPlan ltx
                ? new LtxRestorer(replica).restore(ltx, out, options, listener, cancel)
                : new Restorer(replica).restore((RestorePlan) plan, out, options, listener, cancel);
    }

    /**
     * A working copy of {@code replica} moving through the history of {@code format}.
     *
     * @param copy        the working copy's file (replaced)
     * @param budgetBytes the most disk the checkpoints may take, beside the copy itself
     */
    public static MovableCopy<?> movingCopy(Replica replica, Discovery.Format format, Path copy, long budgetBytes)
            throws IOException {
        return format == Discovery.Format.LITESTREAM_0_5
                ? new LtxMovingCopy(new LtxCatalog(replica), copy, budgetBytes)
                : new MovingCopy(replica, copy, budgetBytes);
    }
}
