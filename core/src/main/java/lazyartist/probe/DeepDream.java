package lazyartist.probe;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import lazyartist.model.TappedNetwork;

/**
 * Deep dream: from real images, gradient ascent on a class logit, with snapshots along the way
 * (a slider frozen in frames): the features the model amplifies show what it thinks the class is.
 */
public final class DeepDream {

    private DeepDream() {}

    /**
     * Dreams each image towards its class; returns the snapshots at {@code at} (each N×3×28×28),
     * preceded by the starting images.
     */
    public static List<float[]> dream(TappedNetwork net, float[] images, int[] classes, Render render, int[] at) {
        List<float[]> frames = new ArrayList<>();
        frames.add(images.clone());
        long[] index = java.util.Arrays.stream(classes).asLongStream().toArray();
        render.run(net, images, classes.length, (ps, x) -> {
            NDArray logits = net.logits(ps, x, false);
            return logits.gather(x.getManager().create(index).reshape(-1, 1), 1).reshape(-1);
        }, at, frames);
        return frames;
    }
}
