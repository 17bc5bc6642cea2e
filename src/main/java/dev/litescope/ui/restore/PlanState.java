package dev.litescope.ui.restore;

import dev.litescope.restore.v3.RestorePlan;

/** What the plan panel shows for the selected generation and time. */
public sealed interface PlanState {

    /** Nothing selected yet. */
    record None() implements PlanState {
    }

    /** A plan is being computed. */
    record Computing() implements PlanState {
    }

    record Planned(RestorePlan plan) implements PlanState {
    }

    /** The planner refused, in its own words (which say why and what to pick instead). */
    record Failed(String message) implements PlanState {
    }

    PlanState NONE = new None();
    PlanState COMPUTING = new Computing();
}
