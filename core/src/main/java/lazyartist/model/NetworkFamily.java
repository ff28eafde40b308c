package lazyartist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Networks of the same stages that differ in some stages' weights, as the sanity checks' re-initialised
 * copies of a trained network do. An inference pass of the family runs each distinct prefix once: the
 * copy with a fresh head shares every convolution with the trained network, and every copy that keeps
 * the first convolution shares it. Each member's logits are those its own pass gives, to the bit: the
 * passes are cut only where no two stages run fused.
 */
public final class NetworkFamily {

    private final List<TappedNetwork> members;
    /** Where each segment of stages starts; the last entry is the stage count. */
    private final int[] cuts;
    /** Per stage and member, the first member whose stages up to that one equal its own. */
    private final int[][] through;

    public NetworkFamily(List<TappedNetwork> members) {
        this.members = List.copyOf(members);
        TappedNetwork first = members.get(0);
        int stages = first.layers().size();
        for (TappedNetwork m : members) {
            if (!m.layers().equals(first.layers())) {
                throw new IllegalArgumentException("a family's networks must have the same stages");
            }
        }
        boolean[] fused = first.fusedWithNext();
        List<Integer> starts = new ArrayList<>();
        int[] owner = new int[members.size()];
        this.through = new int[stages][];
        for (int i = 0; i < stages; i++) {
            int[] next = new int[members.size()];
            for (int j = 0; j < members.size(); j++) {
                int k = 0;
                while (owner[k] != owner[j] || !sameStage(k, j, i)) {
                    k++;
                }
                next[j] = k;
            }
            // A segment starts where members part, unless this stage runs fused with the one before.
            if (i == 0 || (!Arrays.equals(next, owner) && !fused[i - 1])) {
                starts.add(i);
            }
            owner = next;
            through[i] = next;
        }
        starts.add(stages);
        this.cuts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    public List<TappedNetwork> members() {
        return members;
    }

    /** Per member, the first member whose stages up to {@code stage} (its index) equal its own. */
    public int[] ownersThrough(int stage) {
        return through[stage].clone();
    }

    /** The family of some of the members, in the order given. */
    public NetworkFamily subset(List<Integer> which) {
        return new NetworkFamily(which.stream().map(members::get).toList());
    }

    /** Every member's logits for a batch, in member order. */
    public List<NDArray> logits(ParameterStore ps, NDArray x) {
        NDArray[] held = new NDArray[members.size()];
        int[] heldBy = new int[members.size()];
        for (int s = 0; s + 1 < cuts.length; s++) {
            NDArray[] next = new NDArray[members.size()];
            int[] owners = segmentOwners(s);
            for (int j = 0; j < members.size(); j++) {
                int o = owners[j];
                if (next[o] == null) {
                    NDArray in = s == 0 ? x : held[heldBy[o]];
                    next[o] = members.get(o).forwardStages(ps, in, cuts[s], cuts[s + 1]);
                }
            }
            held = next;
            heldBy = owners;
        }
        List<NDArray> out = new ArrayList<>();
        for (int j = 0; j < members.size(); j++) {
            out.add(held[heldBy[j]]);
        }
        return out;
    }

    /** How many segments a pass of the family runs (each member alone would run every segment). */
    public int segmentRuns() {
        int runs = 0;
        for (int s = 0; s + 1 < cuts.length; s++) {
            runs += (int) Arrays.stream(segmentOwners(s)).distinct().count();
        }
        return runs;
    }

    /** Per member, the first member whose stages up to the end of segment {@code s} equal its own. */
    private int[] segmentOwners(int s) {
        return through[cuts[s + 1] - 1];
    }

    private boolean sameStage(int a, int b, int stage) {
        if (a == b) {
            return true;
        }
        String name = members.get(a).layers().get(stage).name();
        PairList<String, Parameter> pa = members.get(a).stage(name).getParameters();
        PairList<String, Parameter> pb = members.get(b).stage(name).getParameters();
        for (int p = 0; p < pa.size(); p++) {
            if (!pa.get(p).getValue().getArray().contentEquals(pb.get(p).getValue().getArray())) {
                return false;
            }
        }
        return true;
    }
}
