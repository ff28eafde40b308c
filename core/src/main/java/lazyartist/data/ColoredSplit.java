package lazyartist.data;

/**
 * One split of Colored-MNIST held in memory.
 *
 * @param images uint8 N×28×28×3, row-major RGB
 * @param labels digit of each sample
 * @param colours palette index each sample wears
 * @param strokes the grey MNIST intensity (N×28×28) the sample was painted from
 */
public record ColoredSplit(String name, byte[] images, int[] labels, int[] colours, byte[] strokes) {

    public ColoredSplit {
        int n = labels.length;
        if (colours.length != n || images.length != n * Pixels.VALUES || strokes.length != n * Pixels.PIXELS) {
            throw new IllegalArgumentException("split " + name + ": arrays disagree on the sample count");
        }
    }

    public int size() {
        return labels.length;
    }

    /** Whether sample i wears its own digit's colour. */
    public boolean aligned(int i) {
        return labels[i] == colours[i];
    }

    /** Share of samples that wear their digit's colour. */
    public double alignedFraction() {
        if (size() == 0) {
            return 0;
        }
        int aligned = 0;
        for (int i = 0; i < size(); i++) {
            aligned += aligned(i) ? 1 : 0;
        }
        return aligned / (double) size();
    }

    /** counts[digit][colour]. */
    public int[][] countsByDigitAndColour() {
        int[][] counts = new int[Palette.SIZE][Palette.SIZE];
        for (int i = 0; i < size(); i++) {
            counts[labels[i]][colours[i]]++;
        }
        return counts;
    }

    /** A new split holding the given samples, in that order. */
    public ColoredSplit subset(String newName, int[] indices) {
        byte[] img = new byte[indices.length * Pixels.VALUES];
        byte[] str = new byte[indices.length * Pixels.PIXELS];
        int[] lab = new int[indices.length];
        int[] col = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            System.arraycopy(images, i * Pixels.VALUES, img, k * Pixels.VALUES, Pixels.VALUES);
            System.arraycopy(strokes, i * Pixels.PIXELS, str, k * Pixels.PIXELS, Pixels.PIXELS);
            lab[k] = labels[i];
            col[k] = colours[i];
        }
        return new ColoredSplit(newName, img, lab, col, str);
    }
}
