package dev.litescope.ui.status;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.RequestCounters;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.Formats;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The status bar's state: the window's status line, what is running (and how far it is), and the Cloud Storage
 * requests of this session with what they cost. Request counts grow on worker threads, so they are read when
 * {@link #refresh()} is called (the view polls it) rather than pushed.
 */
public final class StatusBarViewModel {
    private final AppSession main;
    private final RequestCounters requests;
    private final Pricing pricing;

    private final StringProperty operationsText = new SimpleStringProperty(this, "operationsText", "");
    private final StringProperty operationsDetail = new SimpleStringProperty(this, "operationsDetail", "");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    private final ObjectProperty<RequestCounters.Snapshot> counts =
            new SimpleObjectProperty<>(this, "counts", new RequestCounters.Snapshot(0, 0, 0));
    private final StringProperty requestsText = new SimpleStringProperty(this, "requestsText", "");
    private final StringProperty requestsDetail = new SimpleStringProperty(this, "requestsDetail", "");

    public StatusBarViewModel(AppSession main) {
        this.main = main;
        this.requests = main.sessionRequests();
        this.pricing = main.pricing();
        InvalidationListener ops = o -> showOperations();
        main.operations().list().addListener((Observable o) -> {
            // Follow the progress of whatever runs now.
            main.operations().list().forEach(op -> {
                op.progressProperty().removeListener(ops);
                op.progressProperty().addListener(ops);
            });
            showOperations();
        });
        showOperations();
        refresh();
    }

    /** Reads the session's request counters. */
    public void refresh() {
        RequestCounters.Snapshot now = requests.snapshot();
        if (now.equals(counts.get()) && !requestsText.get().isEmpty()) {
            return;
        }
        counts.set(now);
        double cost = cost(now);
        if (now.lists() == 0 && now.reads() == 0) {
            requestsText.set("GCS: no requests yet");
        } else {
            requestsText.set(String.format(Locale.ROOT, "GCS: %,d list · %,d get · %s · %s", now.lists(), now.reads(),
                    Formats.bytes(now.bytesRead()), usd(cost)));
        }
        requestsDetail.set(String.format(Locale.ROOT, "Cloud Storage requests this session, over every bucket opened%n"
                        + "List (class A): %,d × %s per 100,000 = %s%n"
                        + "Get (class B): %,d × %s per 100,000 = %s%n"
                        + "Downloaded: %s (network egress is not included)%n"
                        + "Total: %s",
                now.lists(), usd(pricing.classAPer100k()), usd(pricing.operations(now.lists(), 0)),
                now.reads(), usd(pricing.classBPer100k()), usd(pricing.operations(0, now.reads())),
                Formats.bytes(now.bytesRead()), usd(cost)));
    }

    private void showOperations() {
        var ops = main.operations().list();
        if (ops.isEmpty()) {
            operationsText.set("");
            operationsDetail.set("Nothing running");
            progress.set(0);
            return;
        }
        operationsText.set(ops.size() == 1 ? ops.get(0).what() + " …"
                : String.format(Locale.ROOT, "%d operations: %s …", ops.size(), ops.get(ops.size() - 1).what()));
        operationsDetail.set(ops.stream().map(op -> op.progressProperty().get() < 0 ? op.what()
                        : String.format(Locale.ROOT, "%s: %.0f %%", op.what(), op.progressProperty().get() * 100))
                .collect(Collectors.joining("\n")));
        // One operation with known progress shows it; otherwise the bar only says "busy".
        double p = ops.size() == 1 ? ops.get(0).progressProperty().get() : -1;
        progress.set(p == 0 ? 0.001 : p);
    }

    public double cost(RequestCounters.Snapshot s) {
        return pricing.operations(s.lists(), s.reads());
    }

    public ReadOnlyStringProperty statusProperty() {
        return main.statusProperty();
    }

    /** What is running, briefly: "Restoring app.db …", "2 operations: …"; empty when idle. */
    public ReadOnlyStringProperty operationsTextProperty() {
        return operationsText;
    }

    /** Every running operation with its progress, one a line. */
    public ReadOnlyStringProperty operationsDetailProperty() {
        return operationsDetail;
    }

    /** 0 when idle (the bar hides), 0..1 for one operation with known progress, -1 for "busy". */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyObjectProperty<RequestCounters.Snapshot> countsProperty() {
        return counts;
    }

    public ReadOnlyStringProperty requestsTextProperty() {
        return requestsText;
    }

    public ReadOnlyStringProperty requestsDetailProperty() {
        return requestsDetail;
    }

    /** Dollars to two significant digits below a cent ("$0.00014"), to the cent above. */
    public static String usd(double amount) {
        if (amount == 0) {
            return "$0";
        }
        if (amount >= 0.01) {
            return String.format(Locale.ROOT, "$%,.2f", amount);
        }
        return "$" + new BigDecimal(amount).round(new MathContext(2)).stripTrailingZeros()
                .toPlainString();
    }
}
