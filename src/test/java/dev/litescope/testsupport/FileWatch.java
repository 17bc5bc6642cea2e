package dev.litescope.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** The most files of a folder whose names end in a suffix, seen at once while some work runs. */
public final class FileWatch {
    private FileWatch() {
    }

    /** What the work returned, and the most files seen at once. */
    public record Watched<T>(T result, int most) {
    }

    /** Runs {@code work}, looking at {@code dir} every 2 ms meanwhile. */
    public static <T> Watched<T> during(Path dir, String suffix, Callable<T> work) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger most = new AtomicInteger();
        Thread watch = new Thread(() -> {
            while (!done.get()) {
                most.accumulateAndGet(count(dir, suffix), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "file-watch");
        watch.start();
        try {
            return new Watched<>(work.call(), most.get());
        } finally {
            done.set(true);
            watch.join();
            most.accumulateAndGet(count(dir, suffix), Math::max);
        }
    }

    /** The files of {@code dir} whose names end in {@code suffix}, now. */
    public static int count(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
