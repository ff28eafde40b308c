package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import java.util.List;
import lazyartist.model.NetworkFamily;
import lazyartist.model.TappedNetwork;

/**
 * A method whose passes only read the network's outputs, so that it can run a family of networks on
 * the same passes ({@link NetworkFamily}): the sanity checks' re-initialised copies share their
 * unchanged stages.
 */
public interface FamilyMethod extends AttributionMethod {

    /** Each member's maps (in member order) for each choice of classes. */
    List<List<float[]>> attribute(NetworkFamily family, NDArray images, List<int[]> choices);

    @Override
    default List<float[]> attribute(TappedNetwork net, NDArray images, List<int[]> choices) {
        return attribute(new NetworkFamily(List.of(net)), images, choices).get(0);
    }

    @Override
    default float[] attribute(TappedNetwork net, NDArray images, int[] classes) {
        return attribute(net, images, List.of(classes)).get(0);
    }
}
