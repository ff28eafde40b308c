package lazyartist.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network's parameters under the keys and shapes of the equivalent {@code torch.nn} module's
 * {@code state_dict} ({@code conv1.weight}, {@code bn1.running_mean}, {@code layer1.0.conv1.weight}, …).
 */
public final class TorchStateDict {

    private static final Map<String, String> BATCH_NORM = Map.of(
            "gamma", "weight", "beta", "bias", "runningMean", "running_mean", "runningVar", "running_var");

    private TorchStateDict() {}

    /**
     * The state dict as safetensors tensors, in module order.
     *
     * @param batchesTracked what batch-norm layers report as {@code num_batches_tracked}
     */
    public static Map<String, Safetensors.Tensor> of(TappedNetwork net, long batchesTracked) {
        Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
        for (Layer layer : net.layers()) {
            collect(layer.name(), net.stage(layer.name()), batchesTracked, out);
        }
        return out;
    }

    private static void collect(String prefix, Block block, long batches, Map<String, Safetensors.Tensor> out) {
        if (block instanceof BasicBlock b) {
            collect(prefix + ".conv1", b.conv1, batches, out);
            collect(prefix + ".bn1", b.bn1, batches, out);
            collect(prefix + ".conv2", b.conv2, batches, out);
            collect(prefix + ".bn2", b.bn2, batches, out);
            if (b.downsampleConv != null) {
                collect(prefix + ".downsample.0", b.downsampleConv, batches, out);
                collect(prefix + ".downsample.1", b.downsampleBn, batches, out);
            }
        } else if (block instanceof TwinEncoder t) {
            collect(prefix + ".intrinsic", t.intrinsic(), batches, out);
            collect(prefix + ".bias", t.bias(), batches, out);
        } else if (block instanceof TappedNetwork n) {
            for (Layer layer : n.layers()) {
                collect(prefix + "." + layer.name(), n.stage(layer.name()), batches, out);
            }
        } else if (block instanceof SequentialBlock s) {
            int i = 0;
            for (var child : s.getChildren()) {
                collect(prefix + "." + i++, child.getValue(), batches, out);
            }
        } else {
            boolean batchNorm = block instanceof BatchNorm;
            for (var p : block.getDirectParameters()) {
                String name = batchNorm ? BATCH_NORM.get(p.getKey()) : p.getKey();
                out.put(prefix + "." + name, Safetensors.Tensor.of(p.getValue().getArray()));
            }
            if (batchNorm) {
                byte[] count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(batches).array();
                out.put(prefix + ".num_batches_tracked", new Safetensors.Tensor("I64", new long[0], count));
            }
        }
    }
}
