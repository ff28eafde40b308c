package lazyartist.decompose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lazyartist.LabException;
import lazyartist.io.Json;
import lazyartist.model.TappedNetwork;

/**
 * A saved decomposition opened for one image at a time: which features an image turns on, and
 * what the network predicts with some of them switched off.
 */
public final class FeatureSwitches implements AutoCloseable {

    /** A feature active on an image: its largest activation over the image's tokens, and its label. */
    public record Active(int index, float activation, String label) {}

    private final Stage stage;
    private final SparseAutoencoder sae;
    private final String[] labels;
    /** Rendered decoder directions (HWC uint8), by feature, rendered once each. */
    private final java.util.Map<Integer, byte[]> pictures = new java.util.HashMap<>();

    private FeatureSwitches(Stage stage, SparseAutoencoder sae, String[] labels) {
        this.stage = stage;
        this.sae = sae;
        this.labels = labels;
    }

    /** The decomposition a model folder holds (the first stage found), or null when it has none. */
    public static FeatureSwitches open(Path modelDir, TappedNetwork net) {
        Path root = modelDir.resolve(SaeStore.FOLDER);
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (var dirs = Files.list(root)) {
            Path dir = dirs.filter(d -> Files.isRegularFile(d.resolve(SaeStore.CONFIG))
                    && Files.isRegularFile(d.resolve(SaeStore.WEIGHTS))
                    && Files.isRegularFile(d.resolve(SaeStore.FEATURES))).sorted().findFirst().orElse(null);
            if (dir == null) {
                return null;
            }
            JsonNode cfg = Json.readTree(dir.resolve(SaeStore.CONFIG));
            SparseAutoencoder.Kind kind = SparseAutoencoder.Kind.parse(cfg.path("kind").asText());
            Stage stage = Stage.of(net, cfg.path("stage").asText(), Tokens.parse(cfg.path("tokens").asText()));
            SparseAutoencoder sae = SparseAutoencoder.load(dir.resolve(SaeStore.WEIGHTS), kind,
                    cfg.path("k").asInt(0));
            JsonNode features = Json.readTree(dir.resolve(SaeStore.FEATURES));
            String[] labels = new String[sae.dSae()];
            for (JsonNode f : features) {
                labels[f.path("index").asInt()] = f.path("label").asText();
            }
            return new FeatureSwitches(stage, sae, labels);
        } catch (java.io.IOException e) {
            throw new LabException("cannot read the decomposition in " + root + ": " + e.getMessage());
        }
    }

    /**
     * Each feature's decoder direction rendered through the network (HWC uint8), as the dashboards
     * show them; needs gradients, so callers serialise it with other gradient work.
     */
    public synchronized List<byte[]> pictures(int[] features) {
        int[] missing = java.util.Arrays.stream(features).distinct().filter(f -> !pictures.containsKey(f)).toArray();
        if (missing.length > 0) {
            float[] images = FeatureRender.images(stage, sae, missing, lazyartist.probe.Render.DEFAULT);
            for (int i = 0; i < missing.length; i++) {
                pictures.put(missing[i], lazyartist.data.Pixels.bytes(java.util.Arrays.copyOfRange(images,
                        i * lazyartist.data.Pixels.VALUES, (i + 1) * lazyartist.data.Pixels.VALUES)));
            }
        }
        return java.util.Arrays.stream(features).mapToObj(pictures::get).toList();
    }

    public String stage() {
        return stage.name();
    }

    public int size() {
        return sae.dSae();
    }

    /** The features active on one image (3×28×28 in [0, 1], batch of one), strongest first. */
    public List<Active> active(NDArray image, int limit) {
        try (NDManager scope = image.getManager().newSubManager()) {
            NDArray in = image.duplicate();
            in.attach(scope);
            NDArray x = tokens(in);
            float[] f = sae.encode(x).max(new int[] {0}).toFloatArray();
            List<Active> out = new ArrayList<>();
            for (int i = 0; i < f.length; i++) {
                if (f[i] > 0) {
                    out.add(new Active(i, f[i], labels[i] == null ? "unlabelled" : labels[i]));
                }
            }
            out.sort((a, b) -> Float.compare(b.activation(), a.activation()));
            return out.subList(0, Math.min(limit, out.size()));
        }
    }

    /** The network's logits for one image with the given features switched off (the reconstruction error kept). */
    public float[] logitsWithout(NDArray image, int[] off) {
        for (int i : off) {
            if (i < 0 || i >= sae.dSae()) {
                throw new LabException("feature " + i + " does not exist: features are 0 to " + (sae.dSae() - 1));
            }
        }
        try (NDManager scope = image.getManager().newSubManager()) {
            NDArray in = image.duplicate();
            in.attach(scope);
            NDArray x = tokens(in);
            NDArray edited = Edit.zero(off, sae.dSae()).output(sae, x, sae.encode(x));
            return stage.logitsFrom(edited, 1).toFloatArray();
        }
    }

    private NDArray tokens(NDArray image) {
        return stage.tokens().toTokens(stage.net().forwardTo(new ParameterStore(image.getManager(), false), image,
                stage.name(), false));
    }

    @Override
    public void close() {
        sae.close();
    }
}
