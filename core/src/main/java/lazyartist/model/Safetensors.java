package lazyartist.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Json;

/** The safetensors format: an 8-byte little-endian header length, a JSON header, raw tensor bytes. */
public final class Safetensors {

    /** One tensor: its dtype ("F32", "I64"), shape and little-endian bytes. */
    public record Tensor(String dtype, long[] shape, byte[] data) {

        /** A float32 array's values and shape. */
        public static Tensor of(ai.djl.ndarray.NDArray array) {
            float[] values = array.toFloatArray();
            ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(values);
            return new Tensor("F32", array.getShape().getShape(), buffer.array());
        }

        /** The values of a float32 tensor. */
        public float[] floats() {
            if (!dtype.equals("F32")) {
                throw new LabException("expected a float32 tensor, found " + dtype);
            }
            float[] values = new float[data.length / 4];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }
    }

    private Safetensors() {}

    /** Writes tensors in the given order, with string metadata, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = Json.MAPPER.createObjectNode();
        // Sorted: the same metadata gives the same bytes in every JVM (Map.of's order is not fixed).
        header.putPOJO("__metadata__", new java.util.TreeMap<>(metadata));
        long offset = 0;
        for (var e : tensors.entrySet()) {
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", e.getValue().dtype());
            var shape = entry.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + e.getValue().data().length);
            offset += e.getValue().data().length;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        // The format asks for the data to start 8-byte aligned: pad the header with spaces.
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        java.util.Arrays.fill(headerBytes, (byte) ' ');
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (Tensor t : tensors.values()) {
                out.write(t.data());
            }
        });
    }

    /** Reads every tensor of a safetensors file, in header order. */
    public static Map<String, Tensor> read(Path file) {
        JsonNode header = readHeader(file);
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            byte[] lengthBytes = in.readNBytes(8);
            long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            in.skipNBytes(length);
            byte[] body = in.readAllBytes();
            Map<String, Tensor> out = new java.util.LinkedHashMap<>();
            for (var it = header.fields(); it.hasNext();) {
                var e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode offsets = e.getValue().get("data_offsets");
                long[] shape = new long[e.getValue().get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = e.getValue().get("shape").get(i).asLong();
                }
                out.put(e.getKey(), new Tensor(e.getValue().get("dtype").asText(), shape,
                        java.util.Arrays.copyOfRange(body, offsets.get(0).asInt(), offsets.get(1).asInt())));
            }
            return out;
        } catch (IOException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the JSON header of a safetensors file and checks that the data section matches it. */
    public static JsonNode readHeader(Path file) {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            byte[] lengthBytes = in.readNBytes(8);
            if (lengthBytes.length != 8) {
                throw new LabException(file + " is truncated");
            }
            long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (length <= 0 || length > 100_000_000) {
                throw new LabException(file + " is not a safetensors file (header length " + length + ")");
            }
            JsonNode header = Json.MAPPER.readTree(in.readNBytes((int) length));
            long end = 0;
            for (var it = header.fields(); it.hasNext();) {
                var e = it.next();
                if (!e.getKey().equals("__metadata__")) {
                    end = Math.max(end, e.getValue().get("data_offsets").get(1).asLong());
                }
            }
            if (Files.size(file) != 8 + length + end) {
                throw new LabException(file + " holds " + Files.size(file) + " bytes, its header promises "
                        + (8 + length + end));
            }
            return header;
        } catch (IOException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
