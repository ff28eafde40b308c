package lazyartist.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import lazyartist.data.Pixels;
import lazyartist.model.Gradients;
import lazyartist.model.Layer;
import lazyartist.model.TappedNetwork;

/**
 * The re-initialisation the model-randomisation tests need (Adebayo et al., 2018): a copy of a
 * trained network with some stages drawn afresh by the architecture's own initialiser, from a seed.
 */
public final class Randomisation {

    private Randomisation() {}

    /**
     * The stages that hold parameters, in groups from the head down to the first convolution: each
     * with the batch-norm stages that directly follow it.
     */
    public static List<List<String>> groups(TappedNetwork net) {
        List<List<String>> forward = new ArrayList<>();
        for (Layer layer : net.layers()) {
            if (!layer.hasParameters()) {
                continue;
            }
            if (layer.type().equals("BatchNorm2d") && !forward.isEmpty()) {
                forward.get(forward.size() - 1).add(layer.name());
            } else {
                forward.add(new ArrayList<>(List.of(layer.name())));
            }
        }
        List<List<String>> fromHead = new ArrayList<>();
        for (int i = forward.size() - 1; i >= 0; i--) {
            fromHead.add(List.copyOf(forward.get(i)));
        }
        return fromHead;
    }

    /**
     * A copy of {@code trained} whose {@code stages} hold fresh weights: those of a network of the same
     * stages initialised from {@code seed}, the same draws for the same seed.
     */
    public static TappedNetwork randomise(TappedNetwork trained, Collection<String> stages, long seed,
            NDManager manager) {
        Engine.getInstance().setRandomSeed((int) seed);
        TappedNetwork fresh = new TappedNetwork(trained.layers());
        fresh.initialize(manager, DataType.FLOAT32, Pixels.batch(1));
        for (Layer layer : trained.layers()) {
            if (!stages.contains(layer.name())) {
                copy(trained.stage(layer.name()).getParameters(), fresh.stage(layer.name()).getParameters());
            }
        }
        return fresh;
    }

    private static void copy(PairList<String, Parameter> from, PairList<String, Parameter> to) {
        for (int i = 0; i < from.size(); i++) {
            Gradients.assign(to.get(i).getValue().getArray(), from.get(i).getValue().getArray());
        }
    }
}
