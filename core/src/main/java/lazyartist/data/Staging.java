package lazyartist.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Java arrays into the engine through one reusable direct buffer per thread. Given a heap array, DJL
 * copies it into a fresh direct buffer that only the garbage collector frees; a loop that makes an
 * array per batch from little Java garbage piles those up, hundreds of MB of native memory before the
 * heap's next collection.
 */
public final class Staging {

    private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

    private Staging() {}

    /** This thread's direct buffer, grown to at least {@code size} bytes and cleared. */
    static ByteBuffer buffer(int size) {
        ByteBuffer buffer = BUFFER.get();
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
            BUFFER.set(buffer);
        }
        buffer.clear();
        return buffer;
    }

    /** {@code values} as a float32 array of {@code shape}, owning its memory. */
    public static NDArray floats(NDManager manager, float[] values, Shape shape) {
        ByteBuffer buffer = buffer(values.length * Float.BYTES);
        buffer.asFloatBuffer().put(values);
        buffer.limit(values.length * Float.BYTES);
        // An array made from a direct buffer shares its memory: the copy frees the buffer for reuse.
        try (NDArray shared = manager.create(buffer, shape, DataType.FLOAT32)) {
            return shared.duplicate();
        }
    }
}
