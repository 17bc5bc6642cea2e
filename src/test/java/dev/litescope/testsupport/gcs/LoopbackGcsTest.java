package dev.litescope.testsupport.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.litescope.testsupport.AppDatabase;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.gcs.LoopbackGcs.Kind;
import dev.litescope.testsupport.gcs.LoopbackGcs.Request;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loopback server is only worth something if both real clients work against it unchanged: the
 * Java {@code google-cloud-storage} client and the Litestream v0.3.13 binary.
 */
class LoopbackGcsTest {
    private static final String BUCKET = "test-bucket";

    @TempDir
    Path tmp;

    private LoopbackGcs gcs;
    private Storage storage;

    @BeforeEach
    void start() {
        gcs = LoopbackGcs.start();
        storage = storageFor(gcs);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            storage.close();
        } finally {
            gcs.close();
        }
    }

    // ---- the Java client ----------------------------------------------------------------------

    @Test
    void javaClientCreatesListsReadsAndDeletes() throws Exception {
        List<String> names = List.of("dir/a.txt", "dir/b.txt", "dir/sub/c.txt", "dir/sub/d.txt", "dir/z.txt",
                "other.txt");
        for (String n : names) {
            storage.create(BlobInfo.newBuilder(BUCKET, n).setContentType("text/plain").build(),
                    ("content of " + n).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(gcs.count(Kind.UPLOAD)).isEqualTo(names.size());
        Request upload = gcs.requests().get(0);
        assertThat(upload.rawQuery()).contains("uploadType=multipart");
        assertThat(upload.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gcs.list(BUCKET, "").stream().map(ObjectMeta::name)).containsExactlyElementsOf(names);

        // One directory level: items and the sub-"directory" as a prefix. The client puts each
        // page's prefixes after its items.
        gcs.resetCounters();
        List<Blob> level = list(Storage.BlobListOption.prefix("dir/"), Storage.BlobListOption.currentDirectory());
        assertThat(level).extracting(Blob::getName).containsExactly("dir/a.txt", "dir/b.txt", "dir/z.txt", "dir/sub/");
        assertThat(level).filteredOn(Blob::isDirectory).extracting(Blob::getName).containsExactly("dir/sub/");
        assertThat(gcs.count(Kind.LIST)).isEqualTo(1);

        // Pages of two, items and prefixes counted together: [a, b], then [sub/, z] (z listed first).
        gcs.resetCounters();
        assertThat(list(Storage.BlobListOption.prefix("dir/"), Storage.BlobListOption.currentDirectory(),
                Storage.BlobListOption.pageSize(2))).extracting(Blob::getName)
                .containsExactly("dir/a.txt", "dir/b.txt", "dir/z.txt", "dir/sub/");
        assertThat(gcs.count(Kind.LIST)).isEqualTo(2);
        gcs.resetCounters();
        assertThat(list(Storage.BlobListOption.pageSize(2))).extracting(Blob::getName)
                .containsExactlyElementsOf(names);
        assertThat(gcs.count(Kind.LIST)).isEqualTo(3);
        assertThat(gcs.requests()).allSatisfy(r -> assertThat(r.rawQuery()).contains("maxResults=2"));

        // Whole and ranged reads.
        BlobId b = BlobId.of(BUCKET, "dir/sub/c.txt");
        assertThat(new String(storage.readAllBytes(b), StandardCharsets.UTF_8)).isEqualTo("content of dir/sub/c.txt");
        try (ReadChannel reader = storage.reader(b)) {
            reader.seek(3);
            reader.limit(10);
            assertThat(new String(Channels.newInputStream(reader).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("tent of");
        }
        assertThat(gcs.requests()).filteredOn(r -> r.kind() == Kind.MEDIA)
                .anySatisfy(r -> assertThat(r.header("Range")).startsWith("bytes=3-"));

        // Object times: what the server stored, to the millisecond.
        Blob blob = storage.get(b);
        ObjectMeta meta = gcs.meta(BUCKET, "dir/sub/c.txt").orElseThrow();
        assertThat(blob.getCreateTimeOffsetDateTime()).isNotNull();
        assertThat(blob.getCreateTimeOffsetDateTime().toInstant()).isEqualTo(meta.timeCreated());
        assertThat(blob.getGeneration()).isEqualTo(meta.generation());
        assertThat(blob.getCrc32c()).isEqualTo(meta.crc32c());
        assertThat(blob.getMd5()).isEqualTo(meta.md5Hash());
        assertThat(blob.getSize()).isEqualTo(meta.size());
        assertThat(blob.getContentType()).isEqualTo("text/plain");

        assertThat(storage.delete(b)).isTrue();
        assertThat(storage.get(b)).isNull();
        assertThat(storage.delete(b)).isFalse();
        assertThat(gcs.meta(BUCKET, "dir/sub/c.txt")).isEmpty();
    }

    @Test
    void javaClientSeesGcsErrors() {
        assertThatThrownBy(() -> storage.list("no-such-bucket").iterateAll().forEach(x -> { }))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        assertThat(storage.get(BlobId.of(BUCKET, "missing"))).isNull();

        BlobInfo info = BlobInfo.newBuilder(BUCKET, "once").build();
        storage.create(info, new byte[] {1}, Storage.BlobTargetOption.doesNotExist());
        assertThatThrownBy(() -> storage.create(info, new byte[] {2}, Storage.BlobTargetOption.doesNotExist()))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
        assertThat(gcs.get(BUCKET, "once")).containsExactly(1);

        long gen = gcs.meta(BUCKET, "once").orElseThrow().generation();
        assertThatThrownBy(() -> storage.create(info, new byte[] {3},
                Storage.BlobTargetOption.generationMatch(gen + 1)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
        storage.create(BlobInfo.newBuilder(BlobId.of(BUCKET, "once", gen)).build(), new byte[] {4},
                Storage.BlobTargetOption.generationMatch());
        assertThat(gcs.get(BUCKET, "once")).containsExactly(4);
        assertThat(gcs.meta(BUCKET, "once").orElseThrow().generation()).isGreaterThan(gen);
    }

    @Test
    void javaClientWritesLargeObjectsWithResumableUploads() throws Exception {
        byte[] data = new byte[20 * 1024 * 1024 + 12345];
        new Random(1).nextBytes(data);
        try (WriteChannel w = storage.writer(BlobInfo.newBuilder(BUCKET, "big.bin").build())) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                w.write(buf);
            }
        }
        assertThat(gcs.get(BUCKET, "big.bin")).isEqualTo(data);
        List<Request> uploads = gcs.requests().stream().filter(r -> r.kind() == Kind.UPLOAD).toList();
        System.out.println("Java client resumable upload: " + describe(uploads));
        assertThat(uploads.get(0).rawQuery()).contains("uploadType=resumable");
        assertThat(uploads.size()).as("initiation plus at least two chunks").isGreaterThanOrEqualTo(3);

        gcs.resetCounters();
        assertThat(storage.readAllBytes(BlobId.of(BUCKET, "big.bin"))).isEqualTo(data);
        assertThat(gcs.mediaBytesServed()).isEqualTo(data.length);
    }

    @Test
    void namesSortInCodePointOrderAsGcsSortsTheirUtf8() {
        Random random = new Random(16);
        String[] alphabet = {"a", "b", "/", "0", "\u00e9", "\ud7ff", "\ue000", "\uffff", "\ud83d\ude00",
            "\ud800\udc00"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder x = new StringBuilder();
            StringBuilder y = new StringBuilder();
            for (int j = random.nextInt(4); j >= 0; j--) {
                x.append(alphabet[random.nextInt(alphabet.length)]);
                y.append(alphabet[random.nextInt(alphabet.length)]);
            }
            byte[] xb = x.toString().getBytes(StandardCharsets.UTF_8);
            byte[] yb = y.toString().getBytes(StandardCharsets.UTF_8);
            assertThat(Integer.signum(GcsStore.compareCodePoints(x.toString(), y.toString())))
                    .as("%s vs %s", x, y).isEqualTo(Integer.signum(Arrays.compareUnsigned(xb, yb)));
        }
    }

    @Test
    void aListingAnswersOnlyTheFieldsAsked() throws IOException {
        gcs.put(BUCKET, "fields/a", new byte[3], Instant.parse("2026-11-27T10:00:00Z"), Map.of("k", "v"));
        gcs.put(BUCKET, "fields/b/c", new byte[4]);
        Map<String, Object> p = page("prefix=fields/&maxResults=1&fields=items(name,size,metadata),nextPageToken");
        assertThat(p).containsOnlyKeys("items", "nextPageToken");
        assertThat(p.get("items")).isEqualTo(List.of(Map.of("name", "fields/a", "size", "3",
                "metadata", Map.of("k", "v"))));
        Map<String, Object> delimited = page("prefix=fields/&delimiter=/&fields=prefixes,items(name)");
        assertThat(delimited).isEqualTo(Map.of("prefixes", List.of("fields/b/"), "items", List.of(Map.of("name",
                "fields/a"))));
        assertThat(open("/storage/v1/b/" + BUCKET + "/o?fields=items(name/x)").getResponseCode()).isEqualTo(400);
    }

    // ---- faults ------------------------------------------------------------------------------

    @Test
    void failNextAnswersTheStatusAndTheClientRetriesWhatIsIdempotent() {
        gcs.put(BUCKET, "x", new byte[] {7});
        gcs.failNext(1, 503, Kind.GET_METADATA);
        assertThat(storage.get(BlobId.of(BUCKET, "x"))).isNotNull();
        assertThat(gcs.count(Kind.GET_METADATA)).as("the 503, then the retry").isEqualTo(2);

        // An upload without a precondition is not idempotent: the client does not retry it.
        gcs.resetCounters();
        gcs.failNext(1, 503);
        assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder(BUCKET, "y").build(), new byte[] {8}))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(503));
        assertThat(gcs.count(Kind.UPLOAD)).isEqualTo(1);
        assertThat(gcs.meta(BUCKET, "y")).isEmpty();

        gcs.failNext(2, 500, r -> r.kind() == Kind.LIST && "p/".equals(query(r, "prefix")));
        assertThat(list(Storage.BlobListOption.prefix("q/"))).isEmpty();
        assertThat(list(Storage.BlobListOption.prefix("p/"))).isEmpty();
        assertThat(gcs.count(Kind.LIST)).as("q/ once, p/ twice failed and once more").isEqualTo(4);
    }

    @Test
    void droppedConnectionCutsADownloadShort() throws Exception {
        byte[] data = new byte[100_000];
        new Random(2).nextBytes(data);
        gcs.put(BUCKET, "obj", data);

        // A raw socket, because HttpURLConnection quietly returns a short body: the full
        // Content-Length arrives, then half the body, then the end of the stream.
        gcs.resetConnectionMidBody(Kind.MEDIA, 1);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gcs.port())) {
            s.setSoTimeout(5000); // a connection left open would hang here instead of ending
            s.getOutputStream().write(("GET /download/storage/v1/b/" + BUCKET + "/o/obj?alt=media HTTP/1.1\r\n"
                    + "Host: " + gcs.hostPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] response = s.getInputStream().readAllBytes();
            String text = new String(response, StandardCharsets.ISO_8859_1);
            int bodyStart = text.indexOf("\r\n\r\n") + 4;
            assertThat(text).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-length: " + data.length);
            assertThat(response.length - bodyStart).isEqualTo(data.length / 2);
        }
        assertThat(gcs.mediaBytesServed()).isEqualTo(data.length / 2);

        // The Java client resumes (or retries) by itself.
        gcs.resetCounters();
        gcs.resetConnectionMidBody(Kind.MEDIA, 1);
        assertThat(storage.readAllBytes(BlobId.of(BUCKET, "obj"))).isEqualTo(data);
        assertThat(gcs.count(Kind.MEDIA)).isEqualTo(2);
        assertThat(gcs.requests()).allSatisfy(r -> assertThat(r.header("Range")).as("starts over").isNull());
    }

    @Test
    void corruptNextMediaFlipsOneByteButKeepsTheHeaders() throws Exception {
        byte[] data = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        ObjectMeta meta = gcs.put(BUCKET, "obj", data);
        gcs.corruptNextMedia(1);
        HttpURLConnection c = open("/" + BUCKET + "/obj");
        byte[] got;
        try (InputStream in = c.getInputStream()) {
            got = in.readAllBytes();
        }
        assertThat(c.getHeaderField("X-Goog-Generation")).isEqualTo(Long.toString(meta.generation()));
        // Two header lines, as GCS sends them (the JDK server spells the name X-goog-hash).
        assertThat(c.getHeaderFields().get("X-goog-hash")).containsExactlyInAnyOrder("crc32c=" + meta.crc32c(),
                "md5=" + meta.md5Hash());
        int differing = 0;
        for (int i = 0; i < data.length; i++) {
            differing += got[i] != data[i] ? 1 : 0;
        }
        assertThat(got).hasSameSizeAs(data);
        assertThat(differing).isEqualTo(1);
        // Only the next one.
        try (InputStream in = open("/" + BUCKET + "/obj").getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }

        // Worth knowing: the Java client checks no hash on readAllBytes; the flipped byte gets through.
        gcs.corruptNextMedia(1);
        byte[] viaClient = storage.readAllBytes(BlobId.of(BUCKET, "obj"));
        assertThat(viaClient).hasSameSizeAs(data).isNotEqualTo(data);
    }

    @Test
    void delayAppliesToEveryRequest() throws Exception {
        gcs.delay(Duration.ofMillis(150));
        long t0 = System.nanoTime();
        assertThat(open("/storage/v1/b/" + BUCKET + "/o").getResponseCode()).isEqualTo(404);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        gcs.clearFaults();
        gcs.failNext(5, 503);
        gcs.clearFaults();
        gcs.createBucket(BUCKET);
        assertThat(open("/storage/v1/b/" + BUCKET + "/o").getResponseCode()).isEqualTo(200);
    }

    // ---- protocol details --------------------------------------------------------------------

    @Test
    void emptyQueryParametersCountAsAbsent() throws Exception {
        gcs.put(BUCKET, "p/a", new byte[1]);
        gcs.put(BUCKET, "p/b", new byte[1]);
        HttpURLConnection c = open("/storage/v1/b/" + BUCKET
                + "/o?alt=json&delimiter=&endOffset=&includeTrailingDelimiter=false&matchGlob=&pageToken="
                + "&prefix=p%2F&projection=full&startOffset=&versions=false");
        assertThat(c.getResponseCode()).isEqualTo(200);
        Map<String, Object> page = parse(c);
        assertThat(page).doesNotContainKeys("prefixes", "nextPageToken");
        assertThat(names("alt=json&delimiter=&endOffset=&includeTrailingDelimiter=false&matchGlob=&pageToken="
                + "&prefix=p%2F&projection=full&startOffset=&versions=false")).containsExactly("p/a", "p/b");
    }

    @Test
    void listingPagesCountItemsAndPrefixesTogether() throws Exception {
        for (String n : List.of("d/a", "d/b", "d/sub/1", "d/sub/2", "d/z")) {
            gcs.put(BUCKET, n, new byte[0]);
        }
        Map<String, Object> first = page("prefix=d%2F&delimiter=%2F&maxResults=3");
        assertThat(names(first)).containsExactly("d/a", "d/b");
        assertThat(first.get("prefixes")).isEqualTo(List.of("d/sub/"));
        Map<String, Object> second = page("prefix=d%2F&delimiter=%2F&maxResults=3&pageToken="
                + first.get("nextPageToken"));
        assertThat(names(second)).containsExactly("d/z");
        assertThat(second).doesNotContainKeys("prefixes", "nextPageToken");
        // A page may end on a prefix; the next one resumes after everything under it.
        Map<String, Object> ends = page("prefix=d%2F&delimiter=%2F&maxResults=1&startOffset=d%2Fs");
        assertThat(ends.get("prefixes")).isEqualTo(List.of("d/sub/"));
        assertThat(names(page("prefix=d%2F&delimiter=%2F&maxResults=1&pageToken=" + ends.get("nextPageToken"))))
                .containsExactly("d/z");
    }

    @Test
    void listingFollowsOffsetsGlobsAndCodePointOrder() throws Exception {
        for (String n : List.of("a/1", "a/2", "a/3.txt", "b", "\uE000", "\uD83D\uDE00")) {
            gcs.put(BUCKET, n, new byte[0]);
        }
        assertThat(names("startOffset=a%2F2&endOffset=b")).containsExactly("a/2", "a/3.txt");
        assertThat(names("matchGlob=a%2F*.txt")).containsExactly("a/3.txt");
        assertThat(names("matchGlob=**")).hasSize(6);
        // UTF-8 byte order puts U+1F600 after U+E000, where Java's UTF-16 order would not.
        assertThat(names("")).containsExactly("a/1", "a/2", "a/3.txt", "b", "\uE000", "\uD83D\uDE00");
        assertThat(open("/storage/v1/b/" + BUCKET + "/o/a%2F1/compose").getResponseCode()).isEqualTo(501);
        assertThat(open("/storage/v1/b/" + BUCKET + "/o?maxResults=-1").getResponseCode()).isEqualTo(400);
    }

    @Test
    void readsHonourGenerationConditions() throws Exception {
        ObjectMeta m = gcs.put(BUCKET, "o", new byte[] {1, 2, 3});
        String path = "/download/storage/v1/b/" + BUCKET + "/o/o?alt=media";
        assertThat(open(path + "&ifGenerationMatch=" + m.generation()).getResponseCode()).isEqualTo(200);
        assertThat(open(path + "&ifGenerationMatch=" + (m.generation() + 1)).getResponseCode()).isEqualTo(412);
        assertThat(open(path + "&ifGenerationNotMatch=" + m.generation()).getResponseCode()).isEqualTo(304);
        assertThat(open(path + "&generation=" + (m.generation() - 1)).getResponseCode()).isEqualTo(404);
        HttpURLConnection ranged = open(path);
        ranged.setRequestProperty("Range", "bytes=1-");
        assertThat(ranged.getResponseCode()).isEqualTo(206);
        assertThat(ranged.getHeaderField("Content-Range")).isEqualTo("bytes 1-2/3");
        assertThat(ranged.getInputStream().readAllBytes()).containsExactly(2, 3);
    }

    @Test
    void objectsSurviveARestartOnTheSameDirectory() throws Exception {
        Path dir = tmp.resolve("persist");
        Instant created = Instant.parse("2020-01-02T03:04:05.678Z");
        List<ObjectMeta> before;
        try (LoopbackGcs first = LoopbackGcs.start(0, Optional.of(dir))) {
            first.createBucket("empty-bucket");
            first.put(BUCKET, "a/b c", "one".getBytes(StandardCharsets.UTF_8), created);
            first.put(BUCKET, "gone", new byte[] {1});
            first.put(BUCKET, "z", new byte[0]);
            first.overwriteKeepingTime(BUCKET, "a/b c", "two".getBytes(StandardCharsets.UTF_8));
            first.delete(BUCKET, "gone");
            before = first.list(BUCKET, "");
        }
        try (LoopbackGcs second = LoopbackGcs.start(0, Optional.of(dir))) {
            assertThat(second.list(BUCKET, "")).isEqualTo(before);
            assertThat(second.list(BUCKET, "").get(0).timeCreated()).isEqualTo(created);
            assertThat(new String(second.get(BUCKET, "a/b c"), StandardCharsets.UTF_8)).isEqualTo("two");
            long maxGen = before.stream().mapToLong(ObjectMeta::generation).max().orElseThrow();
            assertThat(second.put(BUCKET, "new", new byte[0]).generation()).isGreaterThan(maxGen);
            assertThat(second.list("empty-bucket", "")).isEmpty();
            try (Storage client = storageFor(second)) {
                assertThat(client.get("empty-bucket")).isNotNull();
            }
        }
    }

    @Test
    void closeLeavesNoServerThreads() throws Exception {
        LoopbackGcs other = LoopbackGcs.start();
        other.put(BUCKET, "x", new byte[] {1});
        try (Storage client = storageFor(other)) {
            assertThat(client.readAllBytes(BlobId.of(BUCKET, "x"))).containsExactly(1);
        }
        List<String> prefixes = List.of(other.threadPrefix(), gcs.threadPrefix());
        other.close();
        gcs.close();
        // A pool's worker may outlive the pool's termination by a moment: give it that moment, no more.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> prefixes.stream().anyMatch(t.getName()::startsWith))) {
            Thread.sleep(20);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> prefixes.stream()
                .anyMatch(t.getName()::startsWith));
    }

    // ---- the real Litestream -----------------------------------------------------------------

    @Test
    void litestreamReplicatesToAndRestoresFromTheServer() throws Exception {
        Workload w = Workload.of("gcs-small", 7, Duration.ofMillis(1500), List.of(
                new Workload.Insert(150), new Workload.Sleep(300),
                new Workload.Update(30), new Workload.Sleep(300),
                new Workload.Restart(40),
                new Workload.Insert(60), new Workload.Sleep(300),
                new Workload.Delete(20), new Workload.Sleep(300)));
        ReplicaFixture f = ReplicaFixture.buildOnGcs(tmp.resolve("fx"), 4096, w, gcs, BUCKET, "apps/db");
        System.out.println(f + " built in " + f.buildTime().toMillis() + " ms");
        assertThat(f.replicaUrl()).isEqualTo("gcs://" + BUCKET + "/apps/db");
        assertThat(f.gcs()).isSameAs(gcs);
        List<ObjectMeta> objects = gcs.list(BUCKET, "apps/db/");
        assertThat(objects).anyMatch(m -> m.name().endsWith(".snapshot.lz4"))
                .anyMatch(m -> m.name().endsWith(".wal.lz4"));

        gcs.resetCounters();
        ProcResult gens = LitestreamBinary.run(f.litestreamEnv(), Duration.ofSeconds(30), "generations", f.replicaUrl())
                .requireSuccess();
        assertThat(gens.stdout().lines().skip(1).count()).isEqualTo(w.expectedGenerations());
        long generationsLists = gcs.count(Kind.LIST);
        Path out = tmp.resolve("restored.db");
        long t0 = System.nanoTime();
        LitestreamBinary.restore(f.litestreamEnv(), out, f.replicaUrl()).requireSuccess();
        System.out.println("litestream restore over loopback GCS: " + (System.nanoTime() - t0) / 1_000_000 + " ms, "
                + gcs.count(Kind.LIST) + " lists, " + gcs.count(Kind.MEDIA) + " media GETs");
        assertThat(AppDatabase.integrityCheck(out)).isEqualTo("ok");
        assertThat(AppDatabase.rowCounts(out)).isEqualTo(f.expectedRowCounts());
        assertThat(AppDatabase.digest(out)).isEqualTo(f.expectedDigest());
        long restoreLists = gcs.count(Kind.LIST) - generationsLists;
        long restoreMedia = gcs.count(Kind.MEDIA);

        // What Litestream actually sends: JSON listings with empty parameters, XML media GETs.
        List<Request> sent = gcs.requests();
        System.out.println("Litestream generations + restore sent:\n  " + describe(sent).replace("; ", "\n  "));
        assertThat(sent).filteredOn(r -> r.kind() == Kind.LIST)
                .allSatisfy(r -> assertThat(r.rawQuery()).contains("endOffset=&"));
        assertThat(sent).filteredOn(r -> r.kind() == Kind.MEDIA).isNotEmpty()
                .allSatisfy(r -> assertThat(r.path()).startsWith("/" + BUCKET + "/"));
        assertThat(gcs.count(Kind.UPLOAD) + gcs.count(Kind.DELETE) + gcs.count(Kind.OTHER)).isZero();

        // Reads never touch object times.
        assertThat(gcs.list(BUCKET, "apps/db/")).isEqualTo(objects);

        // Litestream's Go client retries server errors and resumes a dropped download with a
        // Range request pinned to the generation.
        gcs.resetCounters();
        gcs.failNext(1, 503, Kind.LIST);
        gcs.failNext(1, 500, Kind.MEDIA);
        gcs.resetConnectionMidBody(Kind.MEDIA, 1);
        LitestreamBinary.restore(f.litestreamEnv(), tmp.resolve("faults.db"), f.replicaUrl()).requireSuccess();
        assertThat(AppDatabase.digest(tmp.resolve("faults.db"))).isEqualTo(f.expectedDigest());
        assertThat(gcs.count(Kind.LIST)).as("one retried list").isEqualTo(restoreLists + 1);
        List<Request> media = gcs.requests().stream().filter(r -> r.kind() == Kind.MEDIA).toList();
        assertThat(media).as("one retried, one resumed download").hasSize((int) restoreMedia + 2);
        assertThat(media).anySatisfy(r -> {
            assertThat(r.header("Range")).matches("bytes=[1-9][0-9]*-");
            assertThat(r.rawQuery()).startsWith("generation=");
        });

        // A flipped byte fails the restore (the LZ4 frame checksum notices before the Go
        // client's CRC32C check of the whole object would, at EOF).
        gcs.corruptNextMedia(1);
        ProcResult corrupted = LitestreamBinary.restore(f.litestreamEnv(), tmp.resolve("corrupt.db"), f.replicaUrl());
        System.out.println("litestream restore of a corrupted download: exit " + corrupted.exitCode() + ": "
                + corrupted.stderr().strip().lines().reduce((a, b) -> b).orElse(""));
        assertThat(corrupted.ok()).isFalse();
        assertThat(corrupted.stderr()).containsAnyOf("checksum", "CRC");
    }

    @Test
    void litestreamUploadsObjectsOver16MiBWithResumableUploads() throws Exception {
        // One transaction of ~25 MB of poorly compressible rows: a WAL segment (and, with the
        // snapshot interval, a snapshot) larger than the Go client's 16 MiB chunk.
        Workload w = Workload.of("gcs-big", 11, Duration.ofMillis(2000), List.of(
                new Workload.Insert(16000), new Workload.Sleep(2500)));
        ReplicaFixture f = ReplicaFixture.buildOnGcs(tmp.resolve("fx"), 4096, w, gcs, BUCKET, "big");
        System.out.println(f + " built in " + f.buildTime().toMillis() + " ms");
        List<Request> resumable = gcs.requests().stream()
                .filter(r -> r.kind() == Kind.UPLOAD && r.rawQuery().contains("upload_id="))
                .toList();
        System.out.println("Litestream resumable chunks: " + describe(resumable));
        assertThat(resumable).as("chunks posted to a resumable session").isNotEmpty();
        assertThat(resumable).allSatisfy(r -> assertThat(r.header("X-GUploader-No-308")).isEqualTo("yes"));
        assertThat(gcs.list(BUCKET, "big/")).anyMatch(m -> m.size() > 16 * 1024 * 1024);

        Path out = tmp.resolve("restored.db");
        LitestreamBinary.restore(f.litestreamEnv(), out, f.replicaUrl()).requireSuccess();
        assertThat(AppDatabase.integrityCheck(out)).isEqualTo("ok");
        assertThat(AppDatabase.digest(out)).isEqualTo(f.expectedDigest());
    }

    // ---- helpers -----------------------------------------------------------------------------

    private List<Blob> list(Storage.BlobListOption... options) {
        return StreamSupport.stream(storage.list(BUCKET, options).iterateAll().spliterator(), false).toList();
    }

    private static Map<String, Object> parse(HttpURLConnection c) throws IOException {
        return new ObjectMapper().readValue(c.getInputStream(), new TypeReference<Map<String, Object>>() { });
    }

    /** One raw listing page. */
    private Map<String, Object> page(String query) throws IOException {
        HttpURLConnection c = open("/storage/v1/b/" + BUCKET + "/o?" + query);
        return parse(c);
    }

    private List<String> names(String query) throws IOException {
        return names(page(query));
    }

    private static List<String> names(Map<String, Object> page) {
        List<String> out = new ArrayList<>();
        for (Object item : (List<?>) page.getOrDefault("items", List.of())) {
            out.add((String) ((Map<?, ?>) item).get("name"));
        }
        return out;
    }

    private HttpURLConnection open(String pathAndQuery) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(gcs.endpoint() + pathAndQuery).toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        return c;
    }

    /** The client as the app would build it, but with retries milliseconds apart so fault tests stay quick. */
    private static Storage storageFor(LoopbackGcs server) {
        return StorageOptions.newBuilder()
                .setHost(server.endpoint())
                .setProjectId("test")
                .setCredentials(NoCredentials.getInstance())
                .setRetrySettings(StorageOptions.getDefaultRetrySettings().toBuilder()
                        .setInitialRetryDelayDuration(Duration.ofMillis(5))
                        .setMaxRetryDelayDuration(Duration.ofMillis(50))
                        .build())
                .build()
                .getService();
    }

    private static String query(Request r, String name) {
        if (r.rawQuery() == null) {
            return null;
        }
        for (String pair : r.rawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String describe(List<Request> requests) {
        StringBuilder sb = new StringBuilder();
        for (Request r : requests) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(r);
            for (String h : List.of("Content-Range", "Content-Encoding", "Range", "X-GUploader-No-308")) {
                if (r.header(h) != null) {
                    sb.append(" [").append(h).append(": ").append(r.header(h)).append(']');
                }
            }
        }
        return sb.toString();
    }
}
