package lazyartist.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group balancing and Learning from Failure: the sample weights they give and the losses they use. */
class ReweightingTest {

    @TempDir
    Path tmp;

    @Test
    void groupBalanceGivesEveryDigitColourGroupTheSameTotalWeight() {
        // digit 0: six in colour 0, two in colour 1; digit 1: four in colour 1
        int[] labels = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
        int[] colours = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
        float[] w = GroupBalance.weights(labels, colours);
        assertThat(w[0]).isCloseTo(12f / (3 * 6), within(1e-6f));
        assertThat(w[1]).isCloseTo(12f / (3 * 2), within(1e-6f));
        assertThat(w[11]).isCloseTo(12f / (3 * 4), within(1e-6f));
        assertThat(w[10]).isZero();
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            total += w[labels[i] * 10 + colours[i]];
        }
        assertThat(total / labels.length).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void groupBalanceMakesColourUninformativeOnTheBiasedSplit() {
        ColoredSplit train = TestData.dataset(Mode.BACKGROUND).train();
        float[] w = GroupBalance.weights(train.labels(), train.colours());
        double aligned = 0;
        double all = 0;
        int alignedCount = 0;
        java.util.Set<Integer> groups = new java.util.HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            groups.add(train.labels()[i] * 10 + train.colours()[i]);
            double wi = w[train.labels()[i] * 10 + train.colours()[i]];
            all += wi;
            aligned += train.labels()[i] == train.colours()[i] ? wi : 0;
            alignedCount += train.labels()[i] == train.colours()[i] ? 1 : 0;
        }
        // 95% of the digits wear their colour; weighted, the ten aligned groups weigh as much as any ten others
        assertThat(alignedCount / (double) train.size()).isGreaterThan(0.9);
        assertThat(aligned / all).isCloseTo(10.0 / groups.size(), within(1e-6));
    }

    @Test
    void lffWeighsUpWhatTheBiasedNetworkFindsHardAndTheTrainedOneEasy() {
        ColoredSplit train = TestData.dataset(Mode.BACKGROUND).train();
        RelativeDifficulty lff = new RelativeDifficulty(train.labels());
        int a = 0;
        int b = 1;
        while (train.labels()[b] != train.labels()[a]) {
            b++;
        }
        // a: hard for the biased network, easy for the trained one; b: the reverse
        float[] w = lff.weights(new long[] {a, b}, new float[] {4f, 0.1f}, new float[] {0.1f, 4f});
        assertThat(w[0]).isGreaterThan(0.9f);
        assertThat(w[1]).isLessThan(0.1f);
        // as in the authors' code, the first update sets the averages to the first losses
        assertThat(lff.averages(a)).containsExactly(4f, 0.1f);
        assertThat(lff.averages(b)).containsExactly(0.1f, 4f);
        // the averages decay: one more equal reading moves each weight toward, not past, one half
        float[] again = lff.weights(new long[] {a, b}, new float[] {1f, 1f}, new float[] {1f, 1f});
        assertThat(again[0]).isBetween(0.5f, w[0]);
        assertThat(again[1]).isBetween(w[1], 0.5f);
        float decay = RelativeDifficulty.DECAY;
        assertThat(lff.averages(a)[0]).isCloseTo(decay * 4f + (1 - decay), within(1e-6f));
    }

    @Test
    void generalisedCrossEntropysGradientIsCrossEntropysScaledByTheProbabilityToTheQ() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray labels = manager.create(new long[] {2});
            float[] logits = {0.3f, -1.2f, 0.8f, 2.0f};
            float[] gce = gradient(manager, logits, labels, true);
            float[] ce = gradient(manager, logits, labels, false);
            double p = softmax(logits)[2];
            for (int i = 0; i < logits.length; i++) {
                assertThat((double) gce[i]).isCloseTo(ce[i] * Math.pow(p, LearningFromFailure.Q), within(1e-5));
            }
            NDArray x = manager.create(logits, new Shape(1, 4));
            assertThat((double) LearningFromFailure.generalisedCrossEntropy(x, labels).getFloat())
                    .isCloseTo((1 - Math.pow(p, LearningFromFailure.Q)) / LearningFromFailure.Q, within(1e-5));
        }
    }

    private static float[] gradient(NDManager manager, float[] logits, NDArray labels, boolean generalised) {
        NDArray x = manager.create(logits, new Shape(1, logits.length));
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(generalised ? LearningFromFailure.generalisedCrossEntropy(x, labels)
                    : CrossEntropy.loss(x, labels));
        }
        return x.getGradient().toFloatArray();
    }

    private static double[] softmax(float[] z) {
        double sum = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i]);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    @Test
    void lffTrainsBothNetworksAndRecordsItsTerms() {
        ColoredDataset data = TestData.dataset(Mode.BACKGROUND);
        Training.Result result = new Training(TestData.adam("lazy", 2),
                new LearningFromFailure(data.train()), true)
                .run(data.train(), data.val(), new Training.DataSource("subset", "test"), tmp, "lff", false, "test");
        var first = result.history().get(0).terms();
        var last = result.history().get(1).terms();
        assertThat(first).containsKeys("ce", "gce", "weight");
        // the biased network learns: its generalised cross-entropy falls
        assertThat(last.get("gce")).isLessThan(first.get("gce"));
        assertThat(last.get("weight")).isBetween(0.0, 1.0);
        assertThat(result.history().get(1).valAccuracy()).isGreaterThan(0.3);
    }
}
