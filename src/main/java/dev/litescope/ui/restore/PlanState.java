package dev.litescope.ui.restore;

import dev.litescope.restore.Plan;

/** What the plan panel shows for the selected generation and time. */
public sealed interface PlanState {

    /** Nothing selected yet. */
    record None() implements PlanState {
    }

    /** A plan is being computed. */
    record Computing() implements PlanState {
    }

    /** A plan of either format: Litestream 0.3's {@code RestorePlan} or 0.5's {@code LtxPlan}. */
    record Planned(Plan plan) implements PlanState {
    }

    /** The planner refused, in its own words (which say why and what to pick instead). */
    record Failed(String message) implements PlanState {
    }

    PlanState NONE = new None();
    PlanState COMPUTING = new Computing();
}
