package dev.litescope.ui;

import dev.litescope.sql.RestoredMoments;
import dev.litescope.ui.console.DiffViewModel;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TimeText;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Comparing two moments of the open replica: "Compare with…" keeps the selected moment as the second cursor on the
 * timeline; the user moves the first elsewhere and "Compare" restores both into the cache of restored moments (as
 * "Query this moment" does) and hands them, earlier one first, to the diff window. Opening another replica forgets
 * the kept moment.
 */
public final class CompareViewModel {
    private final MainViewModel main;
    private final ObjectProperty<Optional<Instant>> kept = new SimpleObjectProperty<>(this, "kept",
            Optional.empty());
    private final BooleanBinding canCompare;

    CompareViewModel(MainViewModel main) {
        this.main = main;
        main.replicaUrlProperty().addListener((o, a, b) -> kept.set(Optional.empty()));
        canCompare = Bindings.createBooleanBinding(() -> kept.get().isPresent()
                && main.selectedTimeProperty().get().isPresent()
                && !kept.get().equals(main.selectedTimeProperty().get()), kept, main.selectedTimeProperty());
    }

    /** The moment kept to compare with: the timeline's second cursor. */
    public ReadOnlyObjectProperty<Optional<Instant>> keptProperty() {
        return kept;
    }

    /** True when a moment is kept and the selected one is another. */
    public BooleanBinding canCompareProperty() {
        return canCompare;
    }

    /**
     * Keeps the selected moment to compare with (the second cursor), or forgets it when it is the one kept already;
     * nothing when no moment is selected.
     */
    public void keepSelected() {
        Optional<Instant> t = main.selectedTimeProperty().get();
        if (t.isPresent()) {
            kept.set(t.equals(kept.get()) ? Optional.empty() : t);
        }
    }

    /** Restores the kept and the selected moment (cached ones are reused) and hands both to {@code open}. */
    public void compare(Consumer<DiffViewModel.Sides> open) {
        if (!canCompare.get()) {
            return;
        }
        String url = main.replicaUrlProperty().get();
        Instant one = kept.get().orElseThrow();
        Instant other = main.selectedTimeProperty().get().orElseThrow();
        RestoredMoments.Moment before = new RestoredMoments.Moment(url, one.isBefore(other) ? one : other);
        RestoredMoments.Moment after = new RestoredMoments.Moment(url, one.isBefore(other) ? other : one);
        AppSession session = main.session();
        RestoredMoments moments = RestoredMoments.standard(session.env());
        session.runner().execute(BackgroundTask.of("Restoring " + before + " and " + after + " to compare", c -> {
            var first = moments.restore(before, p -> c.progress(p.fraction() / 2, p.phase()), c.cancellation());
            var second = moments.restore(after, p -> c.progress(0.5 + p.fraction() / 2, p.phase()),
                    c.cancellation());
            return new DiffViewModel.Sides(first.file(), title(before), second.file(), title(after));
        }).onSuccess(open).onFailure(e -> session.reportError("Compare " + before + " with " + after + ": "
                + AppSession.message(e))));
    }

    private String title(RestoredMoments.Moment m) {
        return TimeText.tag(m.at(), main.session().zoneProperty().get());
    }
}
