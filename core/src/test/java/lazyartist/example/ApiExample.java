package lazyartist.example;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredMnistGenerator;
import lazyartist.data.GeneratorConfig;
import lazyartist.data.Mnist;
import lazyartist.data.Mode;
import lazyartist.eval.Evaluation;
import lazyartist.model.ModelStore;
import lazyartist.model.TappedNetwork;
import lazyartist.train.CrossEntropy;
import lazyartist.train.TrainConfig;
import lazyartist.train.Training;

/** The README's Java example, compiled and run with the tests so that it stays true. */
public final class ApiExample {

    private ApiExample() {}

    // README example: begin
    /** Trains a network on a biased Colored-MNIST; returns its easy-validation and hard accuracy. */
    public static double[] cheat(Mnist mnist, TrainConfig recipe, Path modelDir) {
        ColoredDataset data = ColoredMnistGenerator.generate(mnist, GeneratorConfig.defaults(Mode.BACKGROUND));
        new Training(recipe, new CrossEntropy(), true).run(data.train(), data.val(),
                new Training.DataSource("in memory", "none"), modelDir, "my-cheater", false, "ApiExample");
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedNetwork net = ModelStore.load(modelDir, manager).net();
            Map<String, Evaluation.Result> r = Evaluation.run(net, List.of(data.val(), data.hard()));
            return new double[] {r.get("val").metrics().accuracy(), r.get("hard").metrics().accuracy()};
        }
    }
    // README example: end

    /** On real MNIST, with the lazy CNN's study recipe: {@code ApiExample MNIST_DIR OUT_DIR}. */
    public static void main(String[] args) {
        double[] acc = cheat(Mnist.read(Path.of(args[0])),
                TrainConfig.defaults(lazyartist.model.Architecture.LAZY), Path.of(args[1]));
        System.out.printf("easy validation %.3f, hard %.3f%n", acc[0], acc[1]);
    }
}
