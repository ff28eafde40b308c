package lazyartist.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lazyartist.data.ColoredDataset;
import lazyartist.data.DatasetStore;
import lazyartist.data.SplitManifest;

/** Section 0 · The biased canvas: the data set of each mode, its split sizes and colour alignment. */
final class DatasetSection {

    private DatasetSection() {}

    static void write(Run r, Html out, List<List<String>> summary) throws IOException {
        Path run = r.run();
        Path report = r.report();
        List<String> modes = r.modes();
        out.heading(2, "task0", "0 · The biased canvas");
        for (String mode : modes) {
            Path data = run.resolve("data").resolve(mode);
            SplitManifest train = DatasetStore.manifest(data, ColoredDataset.TRAIN);
            SplitManifest val = DatasetStore.manifest(data, ColoredDataset.VAL);
            SplitManifest hard = DatasetStore.manifest(data, ColoredDataset.HARD);
            out.paragraph(String.format(Locale.ROOT, "In %s mode, %s. Of the %,d easy training digits, %s wear their"
                    + " digit's colour (asked: %s); the %,d hard digits, from MNIST's test set, follow the '%s'"
                    + " policy and %s of them wear their digit's colour. Seed %d.", mode, DatasetSection.modeText(mode),
                    train.count(), Run.pct(train.alignedFraction()), Run.pct(train.bias()), hard.count(), hard.hardPolicy(),
                    Run.pct(hard.alignedFraction()), train.seed()));
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("split", "digits", "wear their digit's colour"));
            for (SplitManifest m : List.of(train, val, hard)) {
                rows.add(List.of(m.split(), String.format(Locale.ROOT, "%,d", m.count()), Run.pct(m.alignedFraction())));
            }
            out.table(mode + " mode", rows);
            Run.figure(out, report, data.resolve("contact-sheet.png"), "contact-sheet-" + mode + ".png", "One real training digit for every digit (rows) and palette colour (columns), " + mode
                    + " mode; the framed diagonal is the colour each digit wears 95% of the time.");
            summary.add(List.of("0 Dataset (" + mode + ")", String.format(Locale.ROOT, "%,d easy + %,d hard digits",
                    train.count() + val.count(), hard.count()), "aligned " + Run.pct(train.alignedFraction()) + " easy, "
                    + Run.pct(hard.alignedFraction()) + " hard"));
        }
    }

    static String modeText(String mode) {
        return mode.equals("background")
                ? "the background wears the colour (a noisy texture) and the strokes are light grey"
                : "the strokes wear the colour over a dark, noisy background";
    }
}
