package dev.litescope.restore.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litescope.testsupport.ltx.LtxWriter;
import dev.litescope.testsupport.ltx.LtxWriter.Encoding;
import dev.litescope.testsupport.ltx.SqliteStates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The LTX reader against files from the independent test writer, over the database states of a real SQLite
 * workload, in both page encodings; and each thing the strict reader refuses.
 */
class LtxDecoderTest {
    static final int PAGE = 1024;
    static final String NAME = "gs://bucket/db/ltx/0/0000000000000007-0000000000000007.ltx";
    @TempDir
    static Path dir;
    static List<byte[]> states;

    @BeforeAll
    static void capture() throws Exception {
        states = SqliteStates.capture(dir, PAGE, 24, 7);
    }

    @Test
    void checksumIsCrc64GoIsoPinnedByTheKnownVector() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        Crc64 table = new Crc64();
        table.update(check);
        assertEquals(0xB90956C775A41001L, table.value());
        LtxWriter.Crc bitwise = new LtxWriter.Crc();
        bitwise.update(check);
        assertEquals(0xB90956C775A41001L, bitwise.value());
        // Fed in pieces it is the same.
        Crc64 split = new Crc64();
        split.update(check, 0, 4);
        split.update(check, 4, 5);
        assertEquals(0xB90956C775A41001L, split.value());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void decodesEveryStateOfARealWorkloadPageForPage(Encoding encoding) throws IOException {
        for (int t = 1; t <= states.size(); t++) {
            byte[] state = states.get(t - 1);
            List<LtxWriter.Page> pages = allPages(state);
            byte[] file = LtxWriter.write(header(state.length / PAGE, 1, t, 1_700_000_000_000L + t), pages, encoding);
            Map<Integer, byte[]> got = new LinkedHashMap<>();
            LtxDecoder.Summary s = LtxDecoder.decode(new ByteArrayInputStream(file), NAME,
                    (h, pgno, page) -> got.put(pgno, page.clone()));
            assertEquals(pages.size(), s.pages());
            assertEquals(encoding.ordinal(), s.encoding());
            assertEquals(file.length, s.bytes());
            assertEquals(1_700_000_000_000L + t, s.header().timestamp());
            assertEquals(t, s.header().maxTxid());
            byte[] rebuilt = new byte[state.length];
            got.forEach((pgno, page) -> System.arraycopy(page, 0, rebuilt, (pgno - 1) * PAGE, PAGE));
            assertArrayEquals(state, rebuilt, "TXID " + t);
        }
    }

    @Test
    void decodesFlag0PagesFramedByTheRealLz4CommandLine() throws Exception {
        byte[] state = states.get(states.size() - 1);
        List<LtxWriter.Page> pages = allPages(state);
        List<byte[]> descriptors = new ArrayList<>();
        byte[] file = LtxWriter.write(header(state.length / PAGE, 1, states.size(), 3), pages, Encoding.FRAME,
                page -> {
                    byte[] frame = lz4(page);
                    descriptors.add(Arrays.copyOf(frame, 7));
                    return frame;
                });
        // The descriptor Litestream 0.5.0-0.5.15's pierrec/lz4 writer gives each page, which `lz4 -B4` also gives.
        byte[] expected = {0x04, 0x22, 0x4d, 0x18, 0x64, 0x40, (byte) 0xa7};
        assertThat(descriptors).allSatisfy(d -> assertThat(d).isEqualTo(expected));
        assertThat(Arrays.copyOf(LtxWriter.frame(state), 7)).isEqualTo(expected);
        byte[] rebuilt = new byte[state.length];
        LtxDecoder.decode(new ByteArrayInputStream(file), NAME,
                (h, pgno, page) -> System.arraycopy(page, 0, rebuilt, (pgno - 1) * PAGE, PAGE));
        assertArrayEquals(state, rebuilt);
    }

    private static byte[] lz4(byte[] page) throws IOException {
        Process p = new ProcessBuilder("lz4", "-B4", "-c", "-q").redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(page);
        }
        byte[] frame = p.getInputStream().readAllBytes();
        try {
            assertEquals(0, p.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return frame;
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void decodesADeltaFileWithSomePages(Encoding encoding) throws IOException {
        byte[] state = states.get(10);
        List<LtxWriter.Page> pages = List.of(page(state, 1), page(state, 3), page(state, state.length / PAGE));
        byte[] file = LtxWriter.write(header(state.length / PAGE, 11, 11, 5), pages, encoding);
        List<Integer> got = new ArrayList<>();
        LtxDecoder.decode(new ByteArrayInputStream(file), NAME, (h, pgno, page) -> {
            got.add(pgno);
            assertArrayEquals(Arrays.copyOfRange(state, (pgno - 1) * PAGE, pgno * PAGE), page);
        });
        assertEquals(List.of(1, 3, state.length / PAGE), got);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void refusesAFileWhoseChecksumIsWrong(Encoding encoding) {
        byte[] file = snapshot(encoding);
        file[33] ^= 1; // the header's timestamp: every part still parses, only the checksum disagrees
        assertRefused(file, "file checksum mismatch");
    }

    @Test
    void refusesATrailerWithoutBit63() {
        byte[] file = snapshot(Encoding.SIZED_BLOCK);
        file[file.length - 8] &= 0x7f;
        assertRefused(file, "file checksum mismatch");
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void refusesPagesOutOfOrder(Encoding encoding) {
        byte[] state = states.get(5);
        byte[] file = LtxWriter.write(header(state.length / PAGE, 6, 6, 1),
                List.of(page(state, 2), page(state, 1)), encoding);
        assertRefused(file, "page 1 comes after page 2: pages must ascend");
    }

    @Test
    void refusesAShortBlock() {
        byte[] state = states.get(5);
        byte[] shortPage = Arrays.copyOf(state, PAGE - 10);
        byte[] file = LtxWriter.write(header(state.length / PAGE, 6, 6, 1),
                List.of(new LtxWriter.Page(1, shortPage)), Encoding.SIZED_BLOCK);
        assertRefused(file, "page 1 decompresses to 1014 bytes instead of the page size 1024 (a short LZ4 block)");
    }

    @Test
    void refusesAShortFrame() {
        byte[] state = states.get(5);
        byte[] file = LtxWriter.write(header(state.length / PAGE, 6, 6, 1),
                List.of(new LtxWriter.Page(1, Arrays.copyOf(state, 100))), Encoding.FRAME);
        assertRefused(file, "page 1 decompresses to 100 bytes instead of the page size 1024");
    }

    @Test
    void refusesAFrameThatHoldsMoreThanAPage() {
        byte[] state = states.get(5);
        byte[] file = LtxWriter.write(header(state.length / PAGE, 6, 6, 1),
                List.of(new LtxWriter.Page(1, Arrays.copyOf(state, PAGE + 8))), Encoding.FRAME);
        assertRefused(file, "the LZ4 frame of page 1 is corrupt: LZ4 frame holds more than 1024 bytes");
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void refusesTrailingBytes(Encoding encoding) {
        byte[] file = snapshot(encoding);
        byte[] longer = Arrays.copyOf(file, file.length + 3);
        assertRefused(longer, "bytes follow the trailer at offset " + file.length);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void refusesATruncatedFile(Encoding encoding) {
        byte[] file = snapshot(encoding);
        assertRefused(Arrays.copyOf(file, file.length - 5), "truncated");
        assertRefused(Arrays.copyOf(file, 300), "truncated");
    }

    @Test
    void refusesUnknownPageFlags() {
        byte[] file = snapshot(Encoding.SIZED_BLOCK);
        file[100 + 5] = 3;
        assertRefused(file, "page 1 has flags 3: only 0 (an LZ4 frame) and 1 (a sized LZ4 block) exist");
    }

    @Test
    void refusesUnknownHeaderFlagsAndBadPageSizes() {
        byte[] file = snapshot(Encoding.SIZED_BLOCK);
        byte[] flags = file.clone();
        flags[7] = 3;
        assertRefused(flags, "header flags 00000003 are invalid");
        byte[] size = file.clone();
        ByteBuffer.wrap(size).putInt(8, 1000);
        assertRefused(size, "page size 1000 is invalid");
    }

    @Test
    void refusesASnapshotWithAMissingPage() {
        byte[] state = states.get(5);
        List<LtxWriter.Page> pages = new ArrayList<>(allPages(state));
        pages.remove(2);
        byte[] file = LtxWriter.write(header(state.length / PAGE, 1, 6, 1), pages, Encoding.SIZED_BLOCK);
        assertRefused(file, "a snapshot (min TXID 1) must hold every page, but page 3 is missing before page 4");
    }

    @Test
    void refusesAPageAboveTheCommit() {
        byte[] state = states.get(5);
        int commit = state.length / PAGE;
        byte[] file = LtxWriter.write(header(commit - 1, 6, 6, 1), List.of(page(state, commit)),
                Encoding.SIZED_BLOCK);
        assertRefused(file, "page " + commit + " is above the commit of " + (commit - 1) + " pages");
    }

    @Test
    void refusesTheLockPage() {
        // With 64 KiB pages the lock page (at byte 2^30) is page 16385.
        int size = 65536;
        assertEquals(16385, LtxHeader.lockPage(size));
        byte[] page = Arrays.copyOf(states.get(0), size);
        byte[] file = LtxWriter.write(new LtxWriter.Header(size, 16390, 9, 9, 1),
                List.of(new LtxWriter.Page(16384, page), new LtxWriter.Page(16385, page)), Encoding.SIZED_BLOCK);
        assertRefused(file, "page 16385 is the lock page, which a database never stores");
    }

    @Test
    void refusesAPageIndexThatDisagreesWithThePages() {
        byte[] state = states.get(5);
        byte[] file = LtxWriter.write(header(state.length / PAGE, 6, 6, 1), List.of(page(state, 2)),
                Encoding.SIZED_BLOCK);
        // The index is the last 16 + 8 + its own length bytes; its first varint is the pgno, 2.
        int indexLength = (int) ByteBuffer.wrap(file).getLong(file.length - 24);
        int at = file.length - 24 - indexLength;
        assertEquals(2, file[at]);
        file[at] = 4;
        assertRefused(file, "the page index disagrees with the pages: entry 1 says page 4");
    }

    @Test
    void refusesAnOldLtxVersion() {
        byte[] file = snapshot(Encoding.SIZED_BLOCK);
        System.arraycopy("LTX0".getBytes(StandardCharsets.US_ASCII), 0, file, 0, 4);
        assertRefused(file, "not an LTX file");
    }

    private static void assertRefused(byte[] file, String expected) {
        LtxFormatException e = assertThrows(LtxFormatException.class,
                () -> LtxDecoder.decode(new ByteArrayInputStream(file), NAME, (h, p, d) -> { }));
        assertTrue(e.getMessage().startsWith("LTX file " + NAME + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static byte[] snapshot(Encoding encoding) {
        byte[] state = states.get(states.size() - 1);
        return LtxWriter.write(header(state.length / PAGE, 1, states.size(), 9), allPages(state), encoding);
    }

    static LtxWriter.Header header(long commit, long min, long max, long ts) {
        return new LtxWriter.Header(PAGE, commit, min, max, ts);
    }

    static List<LtxWriter.Page> allPages(byte[] state) {
        List<LtxWriter.Page> pages = new ArrayList<>();
        for (int p = 1; p <= state.length / PAGE; p++) {
            pages.add(page(state, p));
        }
        return pages;
    }

    static LtxWriter.Page page(byte[] state, int pgno) {
        return new LtxWriter.Page(pgno, Arrays.copyOfRange(state, (pgno - 1) * PAGE, pgno * PAGE));
    }
}
