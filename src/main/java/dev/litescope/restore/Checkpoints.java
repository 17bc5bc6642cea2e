package dev.litescope.restore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checkpoints of a moving working copy, for both formats: copies of the copy's file at earlier positions
 * (applied WAL segments for 0.3, TXIDs for 0.5), each with what the format needs to go on from it, that together
 * never exceed a disk budget. When one more would not fit, every other one is dropped (the first kept) and
 * checkpoints are taken half as often; {@link #due} says when the next one is.
 *
 * @param <S> what a format keeps beside the file to continue from a checkpoint (the last WAL header for 0.3)
 */
public final class Checkpoints<S> implements Closeable {
    /** One copy of the file at {@code at}. */
    public record Checkpoint<S>(Path file, long at, S state, long bytes) {
    }

    private final Path dir;
    private final long budgetBytes;
    private final List<Checkpoint<S>> kept = new ArrayList<>();
    private long spacing = 1;
    private int seq;

    /**
     * @param copy        the working copy's file; the checkpoints go into a folder beside it
     * @param budgetBytes the most disk the checkpoints may take, beside the copy itself
     */
    public Checkpoints(Path copy, long budgetBytes) throws IOException {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("the disk budget must not be negative: " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        Path parent = copy.toAbsolutePath().getParent();
        this.dir = Files.createTempDirectory(parent, copy.getFileName() + ".checkpoints-");
    }

    /** The disk the checkpoints take now. */
    public long bytes() {
        return kept.stream().mapToLong(Checkpoint::bytes).sum();
    }

    /** Whether a checkpoint at {@code at} is due: far enough from the last one for the current spacing. */
    public boolean due(long at) {
        return kept.isEmpty() || at - kept.get(kept.size() - 1).at() >= spacing;
    }

    /** Copies {@code copy} as the checkpoint at {@code at}, if it fits the budget after thinning the others. */
    public void take(Path copy, long at, S state) throws IOException {
        if (kept.stream().anyMatch(c -> c.at() == at)) {
            return;
        }
        long size = Files.size(copy);
        while (bytes() + size > budgetBytes && kept.size() > 1) {
            for (int i = kept.size() - 1; i >= 1; i -= 2) {
                Files.deleteIfExists(kept.remove(i).file());
            }
            spacing *= 2;
        }
        if (bytes() + size > budgetBytes) {
            return;
        }
        Path f = dir.resolve("at-" + (++seq) + ".db");
        Files.copy(copy, f, StandardCopyOption.REPLACE_EXISTING);
        int i = 0;
        while (i < kept.size() && kept.get(i).at() < at) {
            i++;
        }
        kept.add(i, new Checkpoint<>(f, at, state, size));
    }

    /** The latest checkpoint at or before {@code at}. */
    public Optional<Checkpoint<S>> atOrBefore(long at) {
        Checkpoint<S> best = null;
        for (Checkpoint<S> c : kept) {
            if (c.at() <= at) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Puts checkpoint {@code c}'s file back as {@code copy}; later checkpoints stay. */
    public void restore(Checkpoint<S> c, Path copy) throws IOException {
        Files.copy(c.file(), copy, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Drops every checkpoint and starts again at the finest spacing. */
    public void clear() throws IOException {
        for (Checkpoint<S> c : kept) {
            Files.deleteIfExists(c.file());
        }
        kept.clear();
        spacing = 1;
    }

    /** Removes the checkpoints and their folder. */
    @Override
    public void close() throws IOException {
        clear();
        Files.deleteIfExists(dir);
    }
}
