package lazyartist.train;

import java.util.Map;

/** One epoch's numbers: mean training loss and terms, training and validation accuracy, speed. */
public record EpochRecord(int epoch, double loss, Map<String, Double> terms, double trainAccuracy,
        double valAccuracy, double imagesPerSecond, double seconds) {}
