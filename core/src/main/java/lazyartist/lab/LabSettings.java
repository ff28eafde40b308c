package lazyartist.lab;

import java.util.List;
import lazyartist.attack.Loss;
import lazyartist.attack.Settings;
import lazyartist.data.ColoredDataset;
import lazyartist.explain.MapSettings;

/** The lab's knobs: what a request may ask for, and how the lab's maps and attacks run. */
public final class LabSettings {

    /** The largest L∞ budget the fool panel offers: beyond it the change is plain to see. */
    public static final double MAX_EPSILON = 0.3;
    /** Attack steps a request may ask for: 200 take about a second on two cores. */
    public static final int MAX_STEPS = 200;
    public static final int MAX_DREAM_STEPS = 256;
    /** Active features listed per image. */
    public static final int FEATURES_SHOWN = 24;
    /** Splits a page may browse. */
    public static final List<String> SPLITS = List.of(ColoredDataset.VAL, ColoredDataset.HARD);
    /**
     * The map methods' knobs: integrated gradients in 32 steps and SmoothGrad on 16 copies (about half the
     * study's), for an answer within a click.
     */
    static final MapSettings MAPS = MapSettings.DEFAULTS.withSteps(32).withNoise(16, MapSettings.DEFAULTS.noiseSigma());
    /** An attack succeeds when the model gives the target this probability, as in the study. */
    static final double CONFIDENCE = 0.9;

    private LabSettings() {}

    /** The fool panel's PGD: one start, the margin loss, the study's confidence and seed. */
    static Settings attack(int steps) {
        return Settings.DEFAULTS.withSteps(steps).withRestarts(1).withLoss(Loss.MARGIN).withConfidence(CONFIDENCE);
    }
}
