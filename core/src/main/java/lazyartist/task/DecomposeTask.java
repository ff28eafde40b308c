package lazyartist.task;

import java.nio.file.Path;
import java.util.List;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.decompose.Decomposition;
import lazyartist.decompose.Frontier;
import lazyartist.decompose.SaeOptions;
import lazyartist.decompose.SaeStore;
import lazyartist.decompose.SparseAutoencoder;
import lazyartist.decompose.Stage;
import lazyartist.decompose.Tokens;

/** Task 6: a sparse autoencoder on a stage, written to {@code <model>/decompose/<stage>/}. */
public final class DecomposeTask {

    public static final String FOLDER = SaeStore.FOLDER;

    /**
     * What to decompose and how; start from {@link #DEFAULTS}.
     *
     * @param stage null: the stage the classifier head reads
     * @param tokens null: the default for the stage's size
     * @param trainSplit the split whose activations train the autoencoder
     */
    public record Options(String stage, Tokens tokens, SaeOptions sae, String trainSplit, boolean quiet) {

        public static final Options DEFAULTS = new Options(null, null,
                SaeOptions.defaults(SaeOptions.DEFAULT_KIND), ColoredDataset.TRAIN, false);

        public Options withStage(String s) {
            return new Options(s, tokens, sae, trainSplit, quiet);
        }

        public Options withTokens(Tokens t) {
            return new Options(stage, t, sae, trainSplit, quiet);
        }

        public Options withSae(SaeOptions o) {
            return new Options(stage, tokens, o, trainSplit, quiet);
        }

        public Options withTrainSplit(String split) {
            return new Options(stage, tokens, sae, split, quiet);
        }

        /** The same options, with progress bars off when {@code q}. */
        public Options quietly(boolean q) {
            return new Options(stage, tokens, sae, trainSplit, q);
        }
    }

    private DecomposeTask() {}

    /** Trains, measures and writes; {@code out} null: {@code <model>/decompose/<stage>/}. */
    public static Decomposition.Result run(Subject s, Options o, Path out, String command) {
        Stage at = Stage.of(s.loaded().net(), o.stage(), o.tokens());
        o.sae().dictionarySize(at.width());
        ColoredSplit hard = s.split(ColoredDataset.HARD);
        Decomposition.Result result = Decomposition.run(at, o.sae(), s.split(o.trainSplit()),
                s.split(ColoredDataset.VAL), hard, o.quiet());
        Path dir = out != null ? out : SaeStore.dir(s.model(), at.name());
        var provenance = s.provenance(command, o.trainSplit(), ColoredDataset.VAL, ColoredDataset.HARD);
        SaeStore.write(dir, result, provenance);
        DecomposeFiles.write(dir, s.name(), result, hard, Palette.defaults(), provenance);
        return result;
    }

    /**
     * The sparsity–fidelity frontier of these kinds at the stage, written beside its decomposition
     * ({@code out} null: {@code <model>/decompose/<stage>/}).
     */
    public static List<Frontier.Point> frontier(Subject s, Options o, List<SparseAutoencoder.Kind> kinds,
            List<Frontier.Sweep> sweeps, Path out, String command) {
        Stage at = Stage.of(s.loaded().net(), o.stage(), o.tokens());
        List<Frontier.Point> points = Frontier.run(at, kinds, sweeps, o.sae(), s.split(o.trainSplit()),
                s.split(ColoredDataset.VAL), o.quiet());
        Path dir = out != null ? out : SaeStore.dir(s.model(), at.name());
        FrontierFiles.write(dir, s.name(), at.name(), o.sae(), points,
                s.provenance(command, o.trainSplit(), ColoredDataset.VAL));
        return points;
    }
}
