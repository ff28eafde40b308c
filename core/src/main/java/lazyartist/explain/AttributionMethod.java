package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.function.Function;
import lazyartist.model.TappedNetwork;

/** An attribution method: one 28×28 map per image saying how much each pixel counts for a class. */
public interface AttributionMethod {

    /** The name used on the command line and in {@code explain.json}. */
    String name();

    /**
     * Maps (row-major N×28×28) for a batch of images (N×3×28×28 in [0, 1]), one class per image.
     * The network runs in inference mode; only one batch needs one backward pass.
     */
    float[] attribute(TappedNetwork net, NDArray images, int[] classes);

    /**
     * Maps for several choices of class for the same images, one array per choice. A method whose
     * passes read every class at once (occlusion, Score-CAM) makes them once; this default runs once
     * per choice.
     */
    default List<float[]> attribute(TappedNetwork net, NDArray images, List<int[]> choices) {
        return choices.stream().map(c -> attribute(net, images, c)).toList();
    }

    /** Maps with the classes they explain and the network's probabilities (row-major N×10) of the images. */
    record Chosen(float[] maps, int[] classes, float[] probabilities) {}

    /**
     * Maps for classes chosen from the network's own probabilities of the images ({@code choose}: N×10
     * probabilities to N classes). A method that differentiates a forward pass chooses from that pass;
     * this default takes one pass more.
     */
    default Chosen attribute(TappedNetwork net, NDArray images, Function<float[], int[]> choose) {
        float[] probabilities;
        try (NDManager scope = images.getManager().newSubManager()) {
            probabilities = net.logits(new ParameterStore(scope, false), images, false).softmax(1).toFloatArray();
        }
        int[] classes = choose.apply(probabilities);
        return new Chosen(attribute(net, images, classes), classes, probabilities);
    }
}
