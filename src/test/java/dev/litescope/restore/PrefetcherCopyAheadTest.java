package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.DamagedReadException;
import dev.litescope.util.Cancellation;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects of a store across a network that are too large to hold, or that find the memory window full, are
 * downloaded ahead into local copies beside the output, within the parallelism and the disk budget, and read from
 * there; from a local store nothing is copied. Real bytes through a real pool and real files.
 */
class PrefetcherCopyAheadTest {
    static final long WINDOW = 4L << 20;
    static final int PARALLELISM = 4;

    /** An object of the fake store: its bytes are a function of its id. */
    record Obj(int id, long size) {
        byte[] bytes() {
            byte[] b = new byte[(int) size];
            new Random(id).nextBytes(b);
            return b;
        }
    }

    @TempDir
    Path tmp;

    ExecutorService pool;
    SpillFiles copies;
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final Map<Integer, AtomicInteger> opens = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        pool = Executors.newFixedThreadPool(PARALLELISM);
        copies = new SpillFiles(tmp.resolve("out.db"));
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        copies.close();
    }

    /** 30 objects of 100 to 700 KiB (the window holds a few), and three of 3 MiB (over a quarter of it). */
    static List<Obj> objects() {
        List<Obj> out = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            out.add(new Obj(i, i % 11 == 5 ? 3L << 20 : (100 + 20L * i) << 10));
        }
        return out;
    }

    /** A download that takes a little while, counted while it runs. */
    private InputStream download(Obj o) throws IOException {
        opens.computeIfAbsent(o.id(), k -> new AtomicInteger()).incrementAndGet();
        peak.accumulateAndGet(active.incrementAndGet(), Math::max);
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            throw new IOException(e);
        } finally {
            active.decrementAndGet();
        }
        return new ByteArrayInputStream(o.bytes());
    }

    private Prefetcher<Obj> prefetcher(List<Obj> objs, boolean remote, long diskBytes) {
        return new Prefetcher<>(objs.iterator(), Obj::size, o -> download(o).readAllBytes(), PARALLELISM, WINDOW,
                pool, new Prefetcher.Streaming<>(this::download, o -> remote, o -> "object " + o.id(), copies,
                diskBytes));
    }

    private List<Path> copiesOnDisk() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().endsWith(OutputFile.SUFFIX)).toList();
        }
    }

    @Test
    void overANetworkTheDownloadsGoOnIntoCopiesWhileTheApplyStepIsBusy() throws Exception {
        List<Obj> objs = objects();
        Prefetcher<Obj> ahead = prefetcher(objs, true, Prefetcher.COPY_BUDGET_BYTES);
        List<Boolean> copied = new ArrayList<>();
        int mostOnDisk = 0;
        for (Obj o : objs) {
            Prefetcher.Pending<Obj> p = ahead.takeNext();
            assertThat(p.item()).isEqualTo(o);
            if (copied.isEmpty()) {
                Thread.sleep(500); // the first apply is slow: everything else downloads meanwhile
                mostOnDisk = copiesOnDisk().size();
            }
            copied.add(p.copy() != null);
            byte[] got;
            if (p.streamed()) {
                try (InputStream in = ahead.stream(p, new Cancellation())) {
                    got = in.readAllBytes();
                }
            } else {
                got = Prefetcher.await(p.data(), new Cancellation());
            }
            assertThat(got).as("object %d", o.id()).isEqualTo(o.bytes());
        }
        assertThat(ahead.isEmpty()).isTrue();
        // The large ones, and those that found the window full, were copies; some fitted in memory.
        for (int i = 0; i < objs.size(); i++) {
            if (objs.get(i).size() > WINDOW / 4) {
                assertThat(copied.get(i)).as("object %d, over a quarter of the window", i).isTrue();
            }
        }
        assertThat(copied).contains(false);
        assertThat(copied.stream().filter(c -> c).count()).isGreaterThan(10);
        assertThat(mostOnDisk).as("copies on disk while the first object was applied").isGreaterThan(10);
        assertThat(peak.get()).as("downloads at once").isLessThanOrEqualTo(PARALLELISM);
        assertThat(opens.values()).allMatch(n -> n.get() == 1);
        // Each copy went as it was read.
        assertThat(copiesOnDisk()).isEmpty();
        assertThat(copies.count()).isZero();
    }

    @Test
    void fromALocalStoreNothingIsCopiedAndLargeObjectsStreamFromIt() throws Exception {
        List<Obj> objs = objects();
        Prefetcher<Obj> ahead = prefetcher(objs, false, Prefetcher.COPY_BUDGET_BYTES);
        for (Obj o : objs) {
            Prefetcher.Pending<Obj> p = ahead.takeNext();
            assertThat(p.copy()).isNull();
            assertThat(p.streamed()).isEqualTo(o.size() > WINDOW / 4);
            if (p.streamed()) {
                assertThat(opens.get(o.id())).as("a streamed object is opened only when its turn comes").isNull();
                try (InputStream in = ahead.stream(p, new Cancellation())) {
                    assertThat(in.readAllBytes()).isEqualTo(o.bytes());
                }
            }
            assertThat(copiesOnDisk()).isEmpty();
        }
    }

    @Test
    void pastTheDiskBudgetALargeObjectStreamsFromTheStoreInItsTurn() throws Exception {
        List<Obj> objs = List.of(new Obj(1, 3L << 20), new Obj(2, 3L << 20), new Obj(3, 200L << 10));
        Prefetcher<Obj> ahead = prefetcher(objs, true, (3L << 20) + 1);
        Prefetcher.Pending<Obj> first = ahead.takeNext();
        Prefetcher.Pending<Obj> second = ahead.takeNext();
        assertThat(first.copy()).isNotNull();
        assertThat(second.copy()).as("no room on disk for a second 3 MiB copy").isNull();
        assertThat(second.streamed()).isTrue();
        for (Prefetcher.Pending<Obj> p : List.of(first, second)) {
            try (InputStream in = ahead.stream(p, new Cancellation())) {
                assertThat(in.readAllBytes()).isEqualTo(p.item().bytes());
            }
        }
        assertThat(Prefetcher.await(ahead.takeNext().data(), new Cancellation())).isEqualTo(objs.get(2).bytes());
    }

    /** Downloads of {@code damaged} arrive with bad bytes (the store says so at their end) {@code times} times. */
    private Prefetcher<Obj> damaging(Obj damaged, int times) {
        AtomicInteger left = new AtomicInteger(times);
        Prefetcher.Open<Obj> open = o -> {
            InputStream in = download(o);
            if (o.equals(damaged) && left.getAndDecrement() > 0) {
                return new FilterInputStream(in) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n < 0) {
                            throw new DamagedReadException("download of object " + o.id() + " is damaged: planted");
                        }
                        return n;
                    }
                };
            }
            return in;
        };
        return new Prefetcher<>(List.of(damaged).iterator(), Obj::size, o -> download(o).readAllBytes(), PARALLELISM,
                WINDOW, pool, new Prefetcher.Streaming<>(open, o -> true, o -> "object " + o.id(), copies));
    }

    @Test
    void aCopyDamagedOnTheWayIsDownloadedAgainAndDamagedEachTimeIsRefused() throws Exception {
        Obj big = new Obj(7, 3L << 20);
        Prefetcher<Obj> twice = damaging(big, 2);
        Prefetcher.Pending<Obj> p = twice.takeNext();
        try (InputStream in = twice.stream(p, new Cancellation())) {
            assertThat(in.readAllBytes()).isEqualTo(big.bytes());
        }
        assertThat(opens.get(7).get()).isEqualTo(3);

        Prefetcher<Obj> always = damaging(big, 100);
        Prefetcher.Pending<Obj> refused = always.takeNext();
        assertThatThrownBy(() -> always.stream(refused, new Cancellation())).isInstanceOf(RestoreException.class)
                .hasMessageContaining("object 7 arrived damaged 3 times").hasMessageContaining("planted");
        assertThat(copiesOnDisk()).isEmpty();
    }

    @Test
    void closingRemovesTheCopiesNotYetReadAndRefusesNewOnes() throws Exception {
        List<Obj> objs = objects();
        Prefetcher<Obj> ahead = prefetcher(objs, true, Prefetcher.COPY_BUDGET_BYTES);
        Prefetcher.Pending<Obj> first = ahead.takeNext();
        Prefetcher.await(first.data(), new Cancellation());
        Thread.sleep(500);
        assertThat(copiesOnDisk()).isNotEmpty();
        pool.shutdownNow();
        copies.close();
        assertThat(copiesOnDisk()).isEmpty();
        assertThatThrownBy(copies::create).isInstanceOf(IOException.class).hasMessageContaining("has ended");
    }
}
