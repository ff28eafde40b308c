package lazyartist.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import lazyartist.data.Pixels;
import lazyartist.model.Gradients;
import lazyartist.model.TappedNetwork;

/**
 * Inversion: grow an image from the shared random start whose activation at a stage matches a
 * reference image's, under the total-variation prior. What survives at a stage is what the
 * network keeps there: colour, shape, or both.
 */
public final class Inversion {

    private Inversion() {}

    /** One image per stage, each matching the reference's activation at that stage. */
    public static float[] invert(TappedNetwork net, float[] reference, java.util.List<String> stages, Render render) {
        float[] out = new float[stages.size() * Pixels.VALUES];
        for (int s = 0; s < stages.size(); s++) {
            String stage = stages.get(s);
            float[] target;
            long[] shape;
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray a = net.forwardTo(new ParameterStore(manager, false),
                        manager.create(reference, Pixels.batch(1)), stage, false);
                target = a.toFloatArray();
                shape = a.getShape().getShape();
            }
            float scale = 0;
            for (float v : target) {
                scale += v * v;
            }
            float norm = Math.max(scale / target.length, 1e-6f);
            float[] image = render.run(net, render.sharedStart(1), 1, (ps, x) -> {
                NDArray t = x.getManager().create(target, new Shape(shape));
                // Negative relative squared error: raising it matches the reference.
                return net.forwardTo(ps, x, stage, false).sub(t).square().mean().div(Gradients.scalar(t, norm)).neg().reshape(1);
            }, new int[0], null);
            System.arraycopy(image, 0, out, s * Pixels.VALUES, Pixels.VALUES);
        }
        return out;
    }
}
