package dev.litescope.replica;

import dev.litescope.util.Cancellation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Lists key ranges below a prefix a page at a time on several threads, splitting the key space from the keys seen
 * rather than from delimited listings spent only on finding split points. A worker with no range left takes the
 * busiest range and cuts it between its owner's cursor and its end at a key interpolated from the keys seen: the
 * run of digits, hex or letters where the owner's first and newest keys part, read as a number (so tenant-00249
 * below an unknown end splits at tenant-50124 and, when that answers empty, the owner's end has shrunk to it and
 * the next cut lands at tenant-25186). Every range ends in one partial page, and an empty probe costs one request,
 * so at most {@link #MAX_RANGES} ranges keep the requests within ceil(objects / 1000) + that many.
 *
 * <p>Exactly once: a range is [cursor, end) in the store's key order (UTF-8 bytes, the order of code points); a cut
 * at s leaves the owner [cursor, s) and a new range [s, end), s after every key the owner has received, and a page
 * asked for before the cut is trimmed to keys before s. The next request of a range starts at the successor of the
 * last key handled (key + U+0000).
 */
final class DiscoveryRanges {
    /** The most ranges, the first ones included, one listing is split into. */
    static final int MAX_RANGES = Discovery.MAX_RANGES;
    /** The most field characters read as a number: 62^10 still fits a long. */
    private static final int FIELD = 10;
    private static final String DIGITS = "0123456789";
    private static final String HEX = "0123456789abcdef";
    private static final String LOWER = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** What a range does with one page: handles its objects, returns the key the next request starts at. */
    interface Pages {
        String take(List<ObjectInfo> objects);
    }

    private static final class Range {
        String cursor;
        String end;
        String first;
        int pages;

        Range(String cursor, String end) {
            this.cursor = cursor;
            this.end = end;
        }
    }

    private final ObjectStore store;
    private final String prefix;
    private final int parallelism;
    private final int most;
    private final Object lock = new Object();
    private final Deque<Range> pending = new ArrayDeque<>();
    private final List<Range> active = new ArrayList<>();
    private int created;

    /** @param most the most ranges, the first ones included; at most {@link #MAX_RANGES} */
    DiscoveryRanges(ObjectStore store, String prefix, int parallelism, int most) {
        this.store = store;
        this.prefix = prefix;
        this.parallelism = Math.max(1, parallelism);
        this.most = Math.min(most, MAX_RANGES);
    }

    /** Lists the ranges between consecutive {@code bounds} ("" first and last: no bound), handing pages over. */
    void run(List<String> bounds, Cancellation cancellation, Pages pages)
            throws ObjectStoreException, InterruptedException {
        List<String[]> ranges = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            ranges.add(new String[] {bounds.get(i), bounds.get(i + 1)});
        }
        runRanges(ranges, cancellation, pages);
    }

    /** As {@link #run}, over the ranges given as [from, to) pairs. */
    void runRanges(List<String[]> ranges, Cancellation cancellation, Pages pages)
            throws ObjectStoreException, InterruptedException {
        synchronized (lock) {
            for (String[] r : ranges) {
                pending.add(new Range(r[0], r[1]));
            }
            created = pending.size();
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "litescope-discovery");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                futures.add(pool.submit(() -> {
                    work(cancellation, pages);
                    return null;
                }));
            }
            ObjectStoreException failure = null;
            for (Future<Void> f : futures) {
                try {
                    Discovery.await(f);
                } catch (ObjectStoreException e) {
                    failure = failure == null ? e : failure;
                    synchronized (lock) {
                        pending.clear();
                        active.clear();
                        lock.notifyAll();
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void work(Cancellation cancellation, Pages pages) throws ObjectStoreException, InterruptedException {
        while (true) {
            Range r;
            synchronized (lock) {
                while (true) {
                    r = pending.poll();
                    if (r != null) {
                        break;
                    }
                    if (active.isEmpty()) {
                        return;
                    }
                    r = created < most ? cutBusiest() : null;
                    if (r != null) {
                        break;
                    }
                    if (created >= most) {
                        return;
                    }
                    lock.wait(200);
                }
                active.add(r);
            }
            try {
                walk(r, cancellation, pages);
            } finally {
                synchronized (lock) {
                    active.remove(r);
                    lock.notifyAll();
                }
            }
        }
    }

    private void walk(Range r, Cancellation cancellation, Pages pages) throws ObjectStoreException {
        while (true) {
            String cursor;
            String end;
            synchronized (lock) {
                cursor = r.cursor;
                end = r.end;
                if (!end.isEmpty() && compare(cursor, end) >= 0) {
                    return;
                }
            }
            Discovery.stopIfCancelled(cancellation);
            Listing page = listFrom(cursor, end);
            List<ObjectInfo> objects = page.objects();
            boolean more = page.truncated();
            synchronized (lock) {
                if (!r.end.equals(end)) {
                    // Cut while the request was out: the keys from the cut on belong to the new range.
                    List<ObjectInfo> kept = new ArrayList<>();
                    for (ObjectInfo o : objects) {
                        if (compare(o.key(), r.end) < 0) {
                            kept.add(o);
                        } else {
                            more = false;
                        }
                    }
                    objects = kept;
                }
                r.pages++;
                if (!objects.isEmpty()) {
                    if (r.first == null) {
                        r.first = objects.get(0).key();
                    }
                    // Handed over now: a cut from here on must land after them.
                    r.cursor = successor(objects.get(objects.size() - 1).key());
                }
            }
            String next = objects.isEmpty() ? null : pages.take(objects);
            synchronized (lock) {
                if (!more || next == null) {
                    return;
                }
                r.cursor = next;
                lock.notifyAll();
            }
        }
    }

    /** Under the lock: cuts the range with the most pages behind it that can be cut, the new half to list. */
    private Range cutBusiest() {
        Range best = null;
        String at = null;
        for (Range r : active) {
            if (r.first == null || (best != null && r.pages <= best.pages)) {
                continue;
            }
            Optional<String> s = cut(r.first, r.cursor, r.end);
            if (s.isPresent()) {
                best = r;
                at = s.get();
            }
        }
        if (best == null) {
            return null;
        }
        Range half = new Range(at, best.end);
        best.end = at;
        created++;
        return half;
    }

    /**
     * One page from {@code cursor} on. A cursor that is the {@link #successor} of a key is asked for from that key
     * itself, which the page then drops: Cloud Storage documents no NUL in object names, so a startOffset ending in
     * one is not sent. The page is one object shorter at most.
     */
    private Listing listFrom(String cursor, String end) throws ObjectStoreException {
        if (!cursor.endsWith(SUCCESSOR_MARK)) {
            return store.listFrom(prefix, cursor, end, Discovery.PROBE);
        }
        String last = cursor.substring(0, cursor.length() - SUCCESSOR_MARK.length());
        Listing page = store.listFrom(prefix, last, end, Discovery.PROBE);
        if (page.objects().isEmpty() || !page.objects().get(0).key().equals(last)) {
            return page;
        }
        return new Listing(page.objects().subList(1, page.objects().size()), page.prefixes(), page.truncated());
    }

    private static final String SUCCESSOR_MARK = "\u0000";

    /** The successor of {@code key} in key order: the first key after it. */
    static String successor(String key) {
        return key + SUCCESSOR_MARK;
    }

    /** Compares keys as the store orders them: by code points, which is the order of their UTF-8 bytes. */
    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * Where to cut the range [cursor, end) ("" end: none) whose first key seen was {@code first}: a key strictly
     * between them, or empty when the keys seen give no field to interpolate in (one key, or keys parting at a
     * character that is no digit or ASCII letter).
     */
    static Optional<String> cut(String first, String cursor, String end) {
        int j = 0;
        while (j < first.length() && j < cursor.length() && first.charAt(j) == cursor.charAt(j)) {
            j++;
        }
        if (j >= cursor.length() || !alnum(cursor.charAt(j))) {
            return Optional.empty();
        }
        int a = j;
        while (a > 0 && alnum(cursor.charAt(a - 1)) && j - a < FIELD - 1) {
            a--;
        }
        int b = j;
        while (b < cursor.length() && alnum(cursor.charAt(b)) && b - a < FIELD) {
            b++;
        }
        String alphabet = alphabet(cursor.substring(a, b), j < first.length() ? first.substring(a, Math.min(b,
                first.length())) : "");
        int base = alphabet.length();
        int len = b - a;
        long low = value(cursor, a, len, alphabet);
        long high = pow(base, len);
        String head = cursor.substring(0, a);
        if (!end.isEmpty() && end.startsWith(head)) {
            high = Math.min(high, ceiling(end, a, len, alphabet));
        }
        long mid = low + (high - low) / 2;
        if (mid <= low) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder(head);
        char[] digits = new char[len];
        long v = mid;
        for (int k = len - 1; k >= 0; k--) {
            digits[k] = alphabet.charAt((int) (v % base));
            v /= base;
        }
        s.append(digits);
        String key = s.toString();
        if (compare(key, cursor) <= 0 || (!end.isEmpty() && compare(key, end) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    private static boolean alnum(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    /** The smallest alphabet, in key order, holding every character of the fields seen. */
    private static String alphabet(String... fields) {
        for (String alphabet : new String[] {DIGITS, HEX, LOWER}) {
            boolean fits = true;
            for (String f : fields) {
                for (int i = 0; i < f.length() && fits; i++) {
                    fits = alphabet.indexOf(f.charAt(i)) >= 0;
                }
            }
            if (fits) {
                return alphabet;
            }
        }
        return ALNUM;
    }

    /** The field of {@code key} at [a, a + len) as a number; a character outside the alphabet counts as its lowest. */
    private static long value(String key, int a, int len, String alphabet) {
        long v = 0;
        for (int k = 0; k < len; k++) {
            int d = a + k < key.length() ? Math.max(0, alphabet.indexOf(key.charAt(a + k))) : 0;
            v = v * alphabet.length() + d;
        }
        return v;
    }

    /** A number no field value at or past {@code end} is below: a field at most this value sorts before end. */
    private static long ceiling(String end, int a, int len, String alphabet) {
        long v = 0;
        for (int k = 0; k < len; k++) {
            if (a + k >= end.length()) {
                return v * pow(alphabet.length(), len - k);
            }
            char c = end.charAt(a + k);
            int d = alphabet.indexOf(c);
            if (d < 0) {
                // Every field character sorts below c or above it: round the bound to that side.
                long below = 0;
                for (int i = 0; i < alphabet.length(); i++) {
                    if (alphabet.charAt(i) < c) {
                        below = i + 1;
                    }
                }
                return (v * alphabet.length() + below) * pow(alphabet.length(), len - k - 1);
            }
            v = v * alphabet.length() + d;
        }
        return v;
    }

    private static long pow(int base, int exp) {
        long p = 1;
        for (int i = 0; i < exp; i++) {
            p *= base;
        }
        return p;
    }
}
