package lazyartist.data;

/** The three splits of one Colored-MNIST data set and the config that made them. */
public record ColoredDataset(GeneratorConfig config, ColoredSplit train, ColoredSplit val, ColoredSplit hard) {

    public static final String TRAIN = "train";
    public static final String VAL = "val";
    public static final String HARD = "hard";

    public ColoredSplit[] splits() {
        return new ColoredSplit[] {train, val, hard};
    }
}
