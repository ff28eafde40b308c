package lazyartist.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import lazyartist.LabException;

/**
 * A check, once per process, that the engine differentiates convolutions correctly on this
 * processor. oneDNN's AVX-512 kernels have returned wrong (then NaN) input gradients for 7×7 and 9×9
 * convolutions on an AMD EPYC processor with AVX-512 (the lazy CNN's conv1 and conv2), which
 * corrupts training, maps and attacks without any error; its AVX2 kernels are right there. The
 * launcher caps oneDNN at AVX2 on such processors; this check catches every other way in.
 */
public final class EngineCheck {

    /** The environment variable that caps oneDNN's instruction set (read when the engine loads). */
    public static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    /** Largest relative error of the float32 input gradient against the float64 one. */
    static final double TOLERANCE = 1e-3;

    private static volatile boolean checked;

    private EngineCheck() {}

    /** Throws a one-line error, with the fix, when the engine's convolution input gradients are wrong. */
    public static void convolutionGradients() {
        if (checked) {
            return;
        }
        synchronized (EngineCheck.class) {
            if (!checked) {
                double error = inputGradientError();
                if (!(error <= TOLERANCE)) {
                    throw new LabException(String.format(java.util.Locale.ROOT, "this processor's oneDNN kernels"
                            + " give wrong convolution gradients (relative error %.3g); run with %s=AVX2 in the"
                            + " environment (./lazy-artist sets it on AMD processors with AVX-512)", error,
                            ISA_VARIABLE));
                }
                checked = true;
            }
        }
    }

    /** Relative error of a 9×9 convolution's input gradient in float32 (oneDNN) against float64 (ATen). */
    static double inputGradientError() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 3, 28, 28);
            NDArray x = m.arange(2 * 3 * 28 * 28).toType(DataType.FLOAT32, false).mul(0.618034f).sin().reshape(in);
            NDArray w = m.arange(6 * 3 * 9 * 9).toType(DataType.FLOAT32, false).mul(0.414214f).cos().mul(0.1f)
                    .reshape(6, 3, 9, 9);
            NDArray bias = m.zeros(new Shape(6));
            double[] single = inputGradient(x, w, bias).toType(DataType.FLOAT64, false).toDoubleArray();
            double[] reference = inputGradient(x.toType(DataType.FLOAT64, false), w.toType(DataType.FLOAT64, false),
                    bias.toType(DataType.FLOAT64, false)).toDoubleArray();
            double worst = 0;
            double scale = 1e-12;
            for (int i = 0; i < reference.length; i++) {
                worst = Math.max(worst, Math.abs(single[i] - reference[i]));
                scale = Math.max(scale, Math.abs(reference[i]));
            }
            return worst / scale;
        }
    }

    /** d(Σ conv(x))/dx. */
    private static NDArray inputGradient(NDArray x, NDArray w, NDArray bias) {
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = Conv2d.conv2d(input, w, bias, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1);
            collector.backward(out.singletonOrThrow().sum());
        }
        return input.getGradient();
    }
}
