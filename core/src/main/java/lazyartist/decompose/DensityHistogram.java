package lazyartist.decompose;

import java.util.List;

/**
 * How often the features fire: a histogram of log10 density (the share of validation tokens a
 * feature is active on) in decades from 10^-6 to 1, and the dead features (never active) apart.
 * A healthy dictionary is one hump; a second hump of rare features or a tall dead bar says the
 * dictionary is larger than the data needs.
 *
 * @param edges log10 density at the bins' edges, ascending
 * @param counts features per bin; a density below the first edge counts in the first bin
 */
public record DensityHistogram(double[] edges, int[] counts, int dead) {

    private static final double[] EDGES = {-6, -5, -4, -3, -2, -1, 0};

    public static DensityHistogram of(List<Feature> features) {
        int[] counts = new int[EDGES.length - 1];
        int dead = 0;
        for (Feature f : features) {
            if (f.density() <= 0) {
                dead++;
                continue;
            }
            double log = Math.log10(f.density());
            int bin = 0;
            while (bin < counts.length - 1 && log >= EDGES[bin + 1]) {
                bin++;
            }
            counts[bin]++;
        }
        return new DensityHistogram(EDGES.clone(), counts, dead);
    }
}
