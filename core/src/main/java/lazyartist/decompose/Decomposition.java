package lazyartist.decompose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Maps;
import lazyartist.data.Pixels;
import lazyartist.data.Purity;
import lazyartist.data.SplitDataset;

/**
 * Task 6: a sparse autoencoder trained on a stage's activations of the easy training digits,
 * measured on validation and hard digits, its features labelled, and interventions that switch
 * features off or on inside the network.
 */
public final class Decomposition {

    /** Position tokens: at most this many random positions of each training image go into training. */
    public static final int POSITIONS_PER_IMAGE = 8;
    /**
     * At most this many token values (256 MB) train the autoencoder: fewer positions per image, then fewer
     * images, above it. The RobustCNN's 8 × 128 per image fit; ResNet-18's 8 × 512 took 0.9 GB.
     */
    public static final long MAX_TRAINING_VALUES = 64_000_000;
    /** Random ablations of as many features as the colour ones: the control. */
    public static final int RANDOM_CONTROLS = 3;
    /** Features shown per label on a dashboard, each with its rendered decoder direction. */
    public static final int DASHBOARD_ROWS = 8;

    /**
     * One intervention measured on validation and hard digits; {@code features} is how many
     * features it changed.
     */
    public record Intervention(String name, int features, double valAccuracy, double valColourAgreement,
            double hardAccuracy, double hardColourAgreement) {}

    /**
     * A colour feature added to images of other digits: how often the prediction moves to the digit
     * of that colour (among images not already predicted so).
     */
    public record Steering(int colour, int feature, float amount, double valMoved, double hardMoved) {}

    /** Everything measured. */
    public record Result(String stage, Tokens tokens, int width, SaeOptions options, SaeTraining.Result training,
            int trainingTokens, SaePass.Metrics val, SaePass.Metrics hard, double deadShare, List<Feature> features,
            Map<String, Integer> counts, List<Intervention> interventions, List<Steering> steering,
            List<HeadRetraining.Result> heads, List<FeatureRender.Rendered> rendered,
            Map<Integer, float[]> fireMaps, double seconds) {}

    private Decomposition() {}

    public static Result run(Stage stage, SaeOptions options, ColoredSplit train, ColoredSplit val, ColoredSplit hard,
            boolean quiet) {
        long start = System.nanoTime();
        SaeTraining.Result training;
        int trainingTokens;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray tokens = trainingTokens(stage, train, options.seed(), manager);
            trainingTokens = (int) tokens.getShape().get(0);
            training = SaeTraining.train(tokens, options, quiet);
        }
        SparseAutoencoder sae = training.sae();
        SaePass.Result valPass = SaePass.run(stage, sae, val, Map.of(), true);
        SaePass.Result hardPass = SaePass.run(stage, sae, hard, Map.of(), true);
        List<Feature> features = Feature.label(stage, sae, valPass, hardPass, hard);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String label : Purity.LABELS) {
            counts.put(label, (int) features.stream().filter(f -> f.label().equals(label)).count());
        }
        counts.put(Feature.DEAD, (int) features.stream().filter(f -> f.label().equals(Feature.DEAD)).count());
        int dSae = sae.dSae();
        int[] colour = indices(features, "colour");
        int[] shape = indices(features, "shape");
        int[] live = features.stream().filter(f -> !f.label().equals(Feature.DEAD)).mapToInt(Feature::index).toArray();
        Map<String, Edit> edits = new LinkedHashMap<>();
        Map<String, Integer> changed = new LinkedHashMap<>();
        edits.put("none", Edit.NONE);
        changed.put("none", 0);
        edits.put("ablate-colour", Edit.zero(colour, dSae));
        changed.put("ablate-colour", colour.length);
        for (int s = 1; s <= RANDOM_CONTROLS; s++) {
            int[] random = randomSubset(live, colour.length, options.seed() + s);
            edits.put("ablate-random-" + s, Edit.zero(random, dSae));
            changed.put("ablate-random-" + s, random.length);
        }
        edits.put("keep-shape", Edit.keepOnly(shape, dSae));
        changed.put("keep-shape", dSae - shape.length);
        Map<Integer, Feature> steerers = steeringFeatures(features);
        Map<Integer, Float> amounts = new LinkedHashMap<>();
        steerers.forEach((c, f) -> {
            float amount = typicalStrongValue(f, hardPass.imageActivation(), dSae);
            amounts.put(c, amount);
            edits.put("steer-" + c, Edit.add(f.index(), amount, dSae));
        });
        SaePass.Result valEdited = SaePass.run(stage, sae, val, edits, false);
        SaePass.Result hardEdited = SaePass.run(stage, sae, hard, edits, false);
        List<Intervention> interventions = new ArrayList<>();
        for (String name : changed.keySet()) {
            int[] v = valEdited.predicted().get(name);
            int[] h = hardEdited.predicted().get(name);
            interventions.add(new Intervention(name, changed.get(name), SaePass.accuracy(v, val),
                    SaePass.colourAgreement(v, val), SaePass.accuracy(h, hard), SaePass.colourAgreement(h, hard)));
        }
        List<Steering> steering = new ArrayList<>();
        steerers.forEach((c, f) -> steering.add(new Steering(c, f.index(), amounts.get(c),
                moved(valEdited, "steer-" + c, val, c), moved(hardEdited, "steer-" + c, hard, c))));
        List<HeadRetraining.Result> heads = List.of(
                HeadRetraining.run("none", stage, sae, Edit.NONE, train, val, hard, options.seed()),
                HeadRetraining.run("ablate-colour", stage, sae, edits.get("ablate-colour"), train, val, hard,
                        options.seed()));
        double dead = counts.get(Feature.DEAD) / (double) dSae;
        int[] shown = java.util.Arrays.stream(Purity.LABELS).flatMap(label -> dashboard(features, label).stream())
                .mapToInt(Feature::index).toArray();
        List<FeatureRender.Rendered> rendered = FeatureRender.render(stage, sae, shown, lazyartist.probe.Render.DEFAULT);
        Map<Integer, float[]> fireMaps = new LinkedHashMap<>();
        if (stage.tokens() == Tokens.POSITION) {
            for (Feature f : features) {
                if (IntStream.of(shown).anyMatch(i -> i == f.index())) {
                    fireMaps.put(f.index(), fireMap(stage, sae, f.index(), f.top(), hard));
                }
            }
        }
        return new Result(stage.name(), stage.tokens(), stage.width(), options, training, trainingTokens,
                valPass.metrics(), hardPass.metrics(), dead, features, counts, interventions, steering, heads,
                rendered, fireMaps, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Where a feature fires on each of some images of a split, as 28×28 maps (images × pixels): its
     * activation at every position of the stage, upsampled bilinearly as Grad-CAM's maps are; position
     * tokens only.
     */
    public static float[] fireMap(Stage stage, SparseAutoencoder sae, int feature, int[] images, ColoredSplit split) {
        int side = (int) Math.round(Math.sqrt(stage.perImage()));
        return Maps.upsample(activations(stage, sae, feature, images, split), images.length, side, side, Pixels.SIDE,
                Pixels.SIDE);
    }

    /** A feature's activation at every position of the stage on each of some images (images × positions). */
    static float[] activations(Stage stage, SparseAutoencoder sae, int feature, int[] images, ColoredSplit split) {
        int per = stage.perImage();
        float[] out = new float[images.length * per];
        int[] at = {0};
        stage.forEachBatch(split, images, (batch, tokens) -> {
            float[] column = sae.encode(tokens).get(new NDIndex(":, " + feature)).toFloatArray();
            System.arraycopy(column, 0, out, at[0], column.length);
            at[0] += column.length;
        });
        return out;
    }

    /** The features a label's dashboard shows: its strongest (density × mean activation), at most {@link #DASHBOARD_ROWS}. */
    public static List<Feature> dashboard(List<Feature> features, String label) {
        return features.stream().filter(f -> f.label().equals(label))
                .sorted(java.util.Comparator.comparingDouble((Feature f) -> -f.density() * f.meanActivation())
                        .thenComparingInt(Feature::index))
                .limit(DASHBOARD_ROWS).toList();
    }

    /**
     * The tokens the autoencoder trains on: of position tokens, {@link #POSITIONS_PER_IMAGE} random
     * positions of each image; fewer, and then a random subset of the images, when they would hold more
     * than {@link #MAX_TRAINING_VALUES} values.
     */
    public static NDArray trainingTokens(Stage stage, ColoredSplit train, long seed, NDManager manager) {
        return trainingTokens(stage, train, seed, MAX_TRAINING_VALUES, manager);
    }

    static NDArray trainingTokens(Stage stage, ColoredSplit train, long seed, long maxValues, NDManager manager) {
        long valuesPerPosition = (long) train.size() * stage.width();
        int per = (int) Math.max(1, Math.min(Math.min(stage.perImage(), POSITIONS_PER_IMAGE),
                maxValues / valuesPerPosition));
        int images = (int) Math.min(train.size(), maxValues / ((long) per * stage.width()));
        ColoredSplit from = train;
        if (images < train.size()) {
            from = train.subset(train.name(), SplitDataset.sample(train.size(), images, seed));
        }
        return stage.trainingTokens(from, per, seed, manager);
    }

    private static int[] indices(List<Feature> features, String label) {
        return features.stream().filter(f -> f.label().equals(label)).mapToInt(Feature::index).toArray();
    }

    private static int[] randomSubset(int[] from, int count, long seed) {
        List<Integer> pool = new ArrayList<>(IntStream.of(from).boxed().toList());
        java.util.Collections.shuffle(pool, new Random(seed));
        return pool.subList(0, Math.min(count, pool.size())).stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Per colour, its purest colour feature (ties: the more frequent one). */
    static Map<Integer, Feature> steeringFeatures(List<Feature> features) {
        Map<Integer, Feature> out = new java.util.TreeMap<>();
        for (Feature f : features) {
            if (!f.label().equals("colour")) {
                continue;
            }
            Feature best = out.get(f.commonColour());
            if (best == null || f.colourPurity() > best.colourPurity()
                    || f.colourPurity() == best.colourPurity() && f.density() > best.density()) {
                out.put(f.commonColour(), f);
            }
        }
        return out;
    }

    /** The mean activation of a feature over its top-activating hard digits: how strongly it fires when it does. */
    private static float typicalStrongValue(Feature f, float[] imageActivation, int dSae) {
        double sum = 0;
        for (int i : f.top()) {
            sum += imageActivation[i * dSae + f.index()];
        }
        return f.top().length == 0 ? 0 : (float) (sum / f.top().length);
    }

    /** Among images of other digits not already predicted as {@code colour}, the share now predicted as it. */
    private static double moved(SaePass.Result edited, String edit, ColoredSplit split, int colour) {
        int[] before = edited.predicted().get("none");
        int[] after = edited.predicted().get(edit);
        int eligible = 0;
        int moved = 0;
        for (int i = 0; i < split.size(); i++) {
            if (split.labels()[i] != colour && before[i] != colour) {
                eligible++;
                moved += after[i] == colour ? 1 : 0;
            }
        }
        return eligible == 0 ? Double.NaN : moved / (double) eligible;
    }

}
