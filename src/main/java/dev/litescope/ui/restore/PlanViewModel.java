package dev.litescope.ui.restore;

import dev.litescope.replica.v3.Catalog;
import dev.litescope.restore.FetchEstimate;
import dev.litescope.restore.Plan;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.ltx.LtxPlanner;
import dev.litescope.restore.v3.Planner;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.timeline.LtxRow;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;

/**
 * The restore plan of the selected target, on the open replica, made off the UI thread whenever either
 * changes (a newer plan supersedes an older one), and what the cache already holds of it. A rejected target
 * has no plan: the plan is {@link PlanState.Failed} with the rejection, so nothing can be restored until the user
 * picks a moment a generation holds. A TXID target (or a moment in no generation) is planned on the Litestream 0.5
 * history by its own planner; the rest of the way (the state, the restore) is the same for both formats.
 */
public final class PlanViewModel {
    private static final Object PLANNING = new Object();
    private static final Object ESTIMATING = new Object();

    private final AppSession session;
    private final ObservableValue<Optional<Catalog>> catalog;
    private final ObservableValue<Optional<LtxRow>> ltx;
    private final ObservableValue<Optional<RestoreTarget>> target;
    private final ReadOnlyStringProperty rejection;

    private final ObjectProperty<PlanState> plan = new SimpleObjectProperty<>(this, "plan", PlanState.NONE);
    private final ObjectProperty<Optional<FetchEstimate>> fetchEstimate =
            new SimpleObjectProperty<>(this, "fetchEstimate", Optional.empty());

    /**
     * @param catalog   the open replica's catalogue
     * @param ltx       the open replica's Litestream 0.5 history, if it holds one
     * @param target    the selected target
     * @param rejection why the target last asked for was refused (empty when it was not)
     */
    public PlanViewModel(AppSession session, ObservableValue<Optional<Catalog>> catalog,
                         ObservableValue<Optional<LtxRow>> ltx, ObservableValue<Optional<RestoreTarget>> target,
                         ReadOnlyStringProperty rejection) {
        this.session = session;
        this.catalog = catalog;
        this.ltx = ltx;
        this.target = target;
        this.rejection = rejection;
        catalog.addListener((o, a, b) -> replan());
        ltx.addListener((o, a, b) -> replan());
        target.addListener((o, a, b) -> replan());
        rejection.addListener((o, a, b) -> replan());
    }

    private void replan() {
        fetchEstimate.set(Optional.empty());
        if (!rejection.get().isEmpty()) {
            plan.set(new PlanState.Failed(rejection.get()));
            return;
        }
        Optional<Catalog> c = catalog.getValue();
        Optional<RestoreTarget> t = target.getValue();
        if (c.isEmpty() || t.isEmpty()) {
            plan.set(PlanState.NONE);
            return;
        }
        RestoreTarget chosen = t.get();
        Callable<Plan> planner;
        if (isLtx(chosen)) {
            if (ltx.getValue().isEmpty()) {
                plan.set(new PlanState.Failed(chosen + ": the open replica holds no Litestream 0.5 LTX files"));
                return;
            }
            LtxPlanner p = new LtxPlanner(ltx.getValue().get().catalog());
            planner = () -> p.plan(chosen);
        } else {
            Planner p = new Planner(c.get());
            planner = () -> p.plan(chosen);
        }
        plan.set(PlanState.COMPUTING);
        session.runner().execute(BackgroundTask.ofCallable("", planner)
                .supersedes(PLANNING)
                .onSuccess(p -> {
                    // A plan still computing is this one (a newer one supersedes it); else the selection was cleared
                    // or rejected meanwhile, and this plan is for a target no longer on screen.
                    if (plan.get() == PlanState.COMPUTING) {
                        plan.set(new PlanState.Planned(p));
                        estimate();
                    }
                })
                .onFailure(failure -> {
                    if (plan.get() == PlanState.COMPUTING) {
                        plan.set(new PlanState.Failed(AppSession.message(failure)));
                    }
                }));
    }

    /** A TXID, or a moment in no generation: the Litestream 0.5 history's. */
    static boolean isLtx(RestoreTarget t) {
        return t instanceof RestoreTarget.Txid || t instanceof RestoreTarget.Timestamp ts && ts.generation().isEmpty();
    }

    /**
     * Asks the cache what of the current plan (of either format: both histories are read through the open replica's
     * one store) it holds; file lookups, so off the UI thread.
     */
    public void estimate() {
        Optional<Plan> p = currentAnyPlan();
        Optional<Catalog> c = catalog.getValue();
        if (p.isEmpty() || c.isEmpty()) {
            return;
        }
        var store = c.get().replica().store();
        Plan planned = p.get();
        session.runner().execute(BackgroundTask.ofCallable("",
                        () -> FetchEstimate.of(planned, store))
                .supersedes(ESTIMATING)
                .onSuccess(e -> {
                    if (currentAnyPlan().equals(Optional.of(planned))) {
                        fetchEstimate.set(Optional.of(e));
                    }
                }));
        // Without an estimate the plan still shows what it fetches; only the cache line is missing.
    }

    public ReadOnlyObjectProperty<PlanState> planProperty() {
        return plan;
    }

    /** What the current plan would download, and what the cache already holds of it; empty while unknown. */
    public ReadOnlyObjectProperty<Optional<FetchEstimate>> fetchEstimateProperty() {
        return fetchEstimate;
    }

    /** The Litestream 0.3 plan, if the current selection has one. */
    public Optional<RestorePlan> currentPlan() {
        return currentAnyPlan().filter(RestorePlan.class::isInstance).map(RestorePlan.class::cast);
    }

    /** The plan of either format, if the current selection has one. */
    public Optional<Plan> currentAnyPlan() {
        return plan.get() instanceof PlanState.Planned p ? Optional.of(p.plan()) : Optional.empty();
    }
}
