package dev.litescope.restore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Decodes an LZ4 frame read from a stream with its blocks decoded on a few threads, where the frame says its
 * blocks are independent (FLG bit 5): the blocks are read off the stream in order (each block's size is in its
 * header), each is decoded (and its block checksum checked) on the pool, and the decoded blocks go to the sink in
 * the frame's order on the calling thread, which also runs the content checksum over them, since that checksum
 * is one xxHash32 over the whole content and cannot be split. At most a fixed number of blocks are in flight,
 * from the memory budget: each holds a stored and a decoded buffer of the frame's block size, reused from block
 * to block. A frame of linked blocks, or a decoder given one thread, decodes on the calling thread through
 * {@link Lz4Frame}. Errors are the same {@link IOException}s as {@link Lz4Frame}'s, naming the block.
 */
public final class ParallelLz4Decoder {
    /**
     * Memory the blocks in flight may take, stored and decoded: three blocks of Litestream's 4 MiB. It comes on
     * top of {@link Prefetcher#BUDGET_BYTES}, within the 128 MiB heap the restore launcher gives.
     */
    public static final long BUDGET_BYTES = 24L << 20;
    /** Blocks in flight for small block sizes, where more would only queue. */
    private static final int MAX_IN_FLIGHT = 16;
    private static final XXHashFactory XXH = XXHashFactory.fastestInstance();

    private final int threads;
    private final long budgetBytes;

    /**
     * @param threads     how many threads decode blocks; 1 decodes on the calling thread
     * @param budgetBytes the most memory the blocks in flight may take (at least two blocks are)
     */
    public ParallelLz4Decoder(int threads, long budgetBytes) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
        this.budgetBytes = budgetBytes;
    }

    /**
     * The decoder a restore uses: a thread for every core but one, at most its parallelism. The restore's own
     * thread (content checksum, hand-off to the writer) and the write-behind thread keep one core busy; on two
     * cores a second decoding thread only competed with them (README, Benchmarks: no faster, at times slower),
     * so there the snapshot decodes on the restore's thread as before.
     */
    public static ParallelLz4Decoder forRestore(RestoreOptions options) {
        return forCores(options, Runtime.getRuntime().availableProcessors());
    }

    static ParallelLz4Decoder forCores(RestoreOptions options, int cores) {
        return new ParallelLz4Decoder(Math.max(1, Math.min(options.parallelism(), cores - 1)), BUDGET_BYTES);
    }

    /** How many threads decode blocks; 1 means on the calling thread. */
    public int threads() {
        return threads;
    }

    /** Decodes the frame that is the whole stream into the sink, in order; bytes after the frame are an error. */
    public void decode(InputStream in, Lz4Frame.BlockSink sink) throws IOException {
        byte[] descriptor = read(in, 7, "frame header");
        int flg = descriptor[4] & 0xff;
        int extra = ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0);
        if (extra > 0) {
            byte[] more = read(in, extra, "frame header");
            descriptor = Arrays.copyOf(descriptor, 7 + extra);
            System.arraycopy(more, 0, descriptor, 7, extra);
        }
        int maxBlock = Lz4Frame.checkDescriptor(descriptor);
        if ((flg & 0x20) == 0 || threads == 1) {
            Lz4Frame.decode(new SequenceInputStream(new ByteArrayInputStream(descriptor), in), sink);
            return;
        }
        int inFlight = (int) Math.max(2, Math.min(MAX_IN_FLIGHT, budgetBytes / (2L * maxBlock)));
        boolean blockChecksum = (flg & 0x10) != 0;
        StreamingXXHash32 content = (flg & 0x04) != 0 ? XXH.newStreamingHash32(0) : null;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lz4-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            ArrayDeque<Block> queued = new ArrayDeque<>();
            byte[] word = new byte[4];
            for (long index = 0; ; index++) {
                int size = Lz4Frame.le32(readInto(in, word, 4, "block size"), 0);
                if (size == 0) {
                    break;
                }
                int n = size & 0x7fffffff;
                if (n > maxBlock) {
                    throw new IOException("block " + index + " of " + n + " bytes exceeds the frame's maximum of "
                            + maxBlock);
                }
                Block b = queued.size() < inFlight ? new Block(maxBlock) : emit(queued.poll(), content, sink);
                readInto(in, b.stored, n, "block " + index);
                b.index = index;
                b.size = size;
                b.checksum = blockChecksum ? Lz4Frame.le32(readInto(in, word, 4, "block checksum"), 0) : 0;
                b.hasChecksum = blockChecksum;
                b.length = pool.submit(b::decode);
                queued.add(b);
            }
            while (!queued.isEmpty()) {
                emit(queued.poll(), content, sink);
            }
            if (content != null && content.getValue() != Lz4Frame.le32(read(in, 4, "content checksum"), 0)) {
                throw new IOException("LZ4 content checksum mismatch");
            }
            if (in.read() != -1) {
                throw new IOException("unexpected bytes after the LZ4 frame");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Waits for the block's decoding, checksums and hands on its content.
     *
     * @return the block, free for the next one
     */
    private static Block emit(Block b, StreamingXXHash32 content, Lz4Frame.BlockSink sink) throws IOException {
        int len;
        try {
            len = b.length.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decoding LZ4 block " + b.index);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("LZ4 block " + b.index + " failed to decode: " + e.getCause(), e.getCause());
        }
        if (content != null) {
            content.update(b.decoded, 0, len);
        }
        sink.accept(b.decoded, 0, len);
        return b;
    }

    private static byte[] read(InputStream in, int n, String what) throws IOException {
        return readInto(in, new byte[n], n, what);
    }

    private static byte[] readInto(InputStream in, byte[] buf, int n, String what) throws IOException {
        if (in.readNBytes(buf, 0, n) != n) {
            throw new IOException("truncated LZ4 frame: " + what + " cut off");
        }
        return buf;
    }

    /** One block in flight: its stored bytes, where it decodes, and the decoding's result. */
    private static final class Block {
        final byte[] stored;
        final byte[] decoded;
        long index;
        int size;
        int checksum;
        boolean hasChecksum;
        Future<Integer> length;

        Block(int maxBlock) {
            stored = new byte[maxBlock];
            decoded = new byte[maxBlock];
        }

        int decode() throws IOException {
            int n = size & 0x7fffffff;
            if (hasChecksum && XXH.hash32().hash(stored, 0, n, 0) != checksum) {
                throw new IOException("LZ4 block checksum mismatch in block " + index);
            }
            try {
                return Lz4Frame.decompress(stored, 0, n, size < 0, decoded, 0, decoded.length);
            } catch (IOException e) {
                throw new IOException(e.getMessage() + " (block " + index + ")", e);
            }
        }
    }
}
