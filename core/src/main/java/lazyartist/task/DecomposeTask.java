package lazyartist.task;

import java.nio.file.Path;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.decompose.Decomposition;
import lazyartist.decompose.SaeOptions;
import lazyartist.decompose.SaeStore;
import lazyartist.decompose.Stage;
import lazyartist.decompose.Tokens;
import lazyartist.report.DecomposeFiles;

/** Task 6: a sparse autoencoder on a stage, written to {@code <model>/decompose/<stage>/}. */
public final class DecomposeTask {

    private DecomposeTask() {}

    /**
     * @param stage null: the stage the classifier head reads
     * @param tokens null: the default for the stage's size
     * @param trainSplit the split whose activations train the autoencoder
     */
    public static Decomposition.Result run(Subject s, String stage, Tokens tokens, SaeOptions options,
            String trainSplit, Path out, String command, boolean quiet) {
        Stage at = Stage.of(s.loaded().net(), stage, tokens);
        options.dictionarySize(at.width());
        ColoredSplit hard = s.split(ColoredDataset.HARD);
        Decomposition.Result result = Decomposition.run(at, options, s.split(trainSplit), s.split(ColoredDataset.VAL),
                hard, quiet);
        Path dir = out != null ? out : SaeStore.dir(s.model(), at.name());
        var provenance = s.provenance(command, trainSplit, ColoredDataset.VAL, ColoredDataset.HARD);
        SaeStore.write(dir, result, provenance);
        DecomposeFiles.write(dir, s.name(), result, hard, Palette.defaults(), provenance);
        return result;
    }
}
