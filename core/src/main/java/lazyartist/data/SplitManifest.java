package lazyartist.data;

import java.util.List;
import java.util.Map;

/**
 * What made a split and what it holds: written beside its files as {@code manifest.json}.
 *
 * @param countsByDigitAndColour counts[digit][colour]
 * @param alignedFraction measured share of samples wearing their digit's colour
 * @param files SHA-256 of every file in the split folder
 */
public record SplitManifest(String split, String command, String mode, double bias, double valFraction,
        String hardPolicy, long seed, List<String> palette, int count, int[] countsPerDigit,
        int[][] countsByDigitAndColour, double alignedFraction, Map<String, String> files,
        Map<String, String> mnist, Map<String, String> versions) {}
