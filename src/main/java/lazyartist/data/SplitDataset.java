package lazyartist.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a split to DJL as float32 NCHW RGB batches in [0, 1]. Labels are (digit, colour) as
 * int64. One NDArray per batch, filled straight from the uint8 images; every batch owns a
 * sub-manager that closing the batch frees. Each call to {@link #getData} is one epoch, shuffled
 * by the seed and the epoch number when shuffling is on.
 */
public final class SplitDataset implements Dataset {

    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

    private static final ThreadLocal<FloatBuffer> STAGING = new ThreadLocal<>();
    /** One daemon thread assembles batches ahead of the training loop. */
    private static final ExecutorService PREFETCH = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "batch-prefetch");
        thread.setDaemon(true);
        return thread;
    });

    private final ColoredSplit split;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private int epoch;

    public SplitDataset(ColoredSplit split, int batchSize, boolean shuffle, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.split = split;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** Continues the shuffle sequence as if {@code epochs} epochs had already been served. */
    public void skipEpochs(int epochs) {
        epoch += epochs;
    }

    public ColoredSplit split() {
        return split;
    }

    public int batches() {
        return (split.size() + batchSize - 1) / batchSize;
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        int[] order = order(epoch++);
        return () -> new Iterator<>() {
            private int next;
            /** The batch after the one handed out, assembled on a helper thread while the engine computes. */
            private CompletableFuture<Batch> ahead = prepare();

            private CompletableFuture<Batch> prepare() {
                if (next >= order.length) {
                    return null;
                }
                int from = next;
                int size = Math.min(batchSize, order.length - from);
                next += size;
                return CompletableFuture.supplyAsync(() -> assemble(manager, order, from, size), PREFETCH);
            }

            @Override
            public boolean hasNext() {
                return ahead != null;
            }

            @Override
            public Batch next() {
                if (ahead == null) {
                    throw new NoSuchElementException();
                }
                Batch batch = ahead.join();
                ahead = prepare();
                return batch;
            }
        };
    }

    private Batch assemble(NDManager manager, int[] order, int from, int size) {
        int[] indices = java.util.Arrays.copyOfRange(order, from, from + size);
        NDManager batchManager = manager.newSubManager();
        NDList data = new NDList(images(batchManager, split, indices));
        NDList labels = new NDList(longs(batchManager, split.labels(), indices),
                longs(batchManager, split.colours(), indices),
                batchManager.create(java.util.Arrays.stream(indices).asLongStream().toArray()));
        return new Batch(batchManager, data, labels, size, Batchifier.STACK, Batchifier.STACK,
                (from + size + batchSize - 1) / batchSize, batches());
    }

    /** The given samples of a split as a float32 N×3×28×28 array in [0, 1]. */
    public static NDArray images(NDManager manager, ColoredSplit split, int[] indices) {
        FloatBuffer out = staging(indices.length * ColoredSplit.IMAGE_BYTES);
        byte[] px = split.images();
        int plane = Mnist.PIXELS;
        for (int k = 0; k < indices.length; k++) {
            int src = indices[k] * ColoredSplit.IMAGE_BYTES;
            int dst = k * ColoredSplit.IMAGE_BYTES;
            for (int p = 0; p < plane; p++) {
                int s = src + p * 3;
                out.put(dst + p, UNIT[px[s] & 0xff]);
                out.put(dst + plane + p, UNIT[px[s + 1] & 0xff]);
                out.put(dst + 2 * plane + p, UNIT[px[s + 2] & 0xff]);
            }
        }
        // An array made from a direct buffer shares its memory: copy it so the buffer can be reused.
        try (NDArray view = manager.create(out, new Shape(indices.length, 3, Mnist.SIDE, Mnist.SIDE))) {
            return view.duplicate();
        }
    }

    /** A per-thread direct buffer of at least {@code floats} floats, rewound to that size. */
    private static FloatBuffer staging(int floats) {
        FloatBuffer buffer = STAGING.get();
        if (buffer == null || buffer.capacity() < floats) {
            buffer = ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            STAGING.set(buffer);
        }
        buffer.clear().limit(floats);
        return buffer;
    }

    private static NDArray longs(NDManager manager, int[] values, int[] indices) {
        long[] out = new long[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = values[indices[k]];
        }
        return manager.create(out);
    }

    private int[] order(int epochNumber) {
        int[] order = java.util.stream.IntStream.range(0, split.size()).toArray();
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + epochNumber);
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    @Override
    public void prepare(Progress progress) {
        // The split is already in memory.
    }
}
